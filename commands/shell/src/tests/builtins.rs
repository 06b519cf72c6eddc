//! The builtins, one by one.

use super::fake::Fake;
use super::{out, run_in, sh};

#[test]
fn cd_and_pwd() {
    let fake = Fake::new();
    fake.dir("/home/user/a");
    fake.dir("/home/user/a/b");
    fake.symlink("/home/user/link", "/home/user/a/b");
    let script = r#"
        cd a/b; pwd; echo $PWD $OLDPWD
        cd ..; pwd
        cd -; cd
        pwd
        cd link; pwd; pwd -P; cd ..; pwd
        cd /tmp && pwd
        cd /nowhere; echo "status $?"
        CDPATH=/home/user/a; cd b
        HOME=/tmp; cd; pwd
    "#;
    let outcome = run_in(&fake, script);
    assert_eq!(
        outcome.stdout,
        "/home/user/a/b\n/home/user/a/b /home/user\n/home/user/a\n/home/user/a/b\n/home/user\n/home/user/link\n/home/user/a/b\n/home/user\n/tmp\nstatus 1\n/home/user/a/b\n/tmp\n"
    );
    assert_eq!(
        outcome.stderr,
        "sh: cd: /nowhere: No such file or directory\n"
    );
    assert_eq!(fake.shell_cwd(), "/tmp");
    let outcome = run_in(&fake, "cd /tmp; pwd; cd /home/user; pwd");
    assert_eq!(outcome.stdout, "/tmp\n/home/user\n");
}

#[test]
fn programs_run_in_the_shell_directory() {
    let fake = Fake::new();
    fake.dir("/home/user/d");
    fake.file("/home/user/d/f", "content\n");
    let outcome = run_in(&fake, "cd d; cat f; env | grep PWD=");
    assert_eq!(
        outcome.stdout,
        "content\nOLDPWD=/home/user\nPWD=/home/user/d\n"
    );
}

#[test]
fn echo() {
    assert_eq!(
        out("echo a b; echo -n no-newline; echo; echo -e 'x\\ty\\c' z; echo -E 'r\\n'; echo -x"),
        "a b\nno-newline\nx\tyr\\n\n-x\n"
    );
    assert_eq!(out("echo -e '\\0101\\x42' -- -n"), "AB -- -n\n");
}

#[test]
fn printf() {
    let script = r#"
        printf '%s-%s\n' a b c d e
        printf '[%5s][%-5s][%.2s]\n' ab cd efg
        printf '%d %i %x %X %o %c %%\n' 42 -7 255 255 8 hello
        printf '[%05d][%+d][% d][%-4d][%.3d]\n' 42 5 5 7 7
        printf '%#x %#o\n' 255 8
        printf '%.2f %e %g %g\n' 3.14159 1234.5 0.0001 100000
        printf '%b|%s\n' 'a\tb' 'a\tb'
        printf 'no newline'; printf '\n'
        printf '%d\n' "'A"
        printf -v var '%03d' 7; echo $var
        printf '%s\n'
        printf '%*d|\n' 4 2
    "#;
    assert_eq!(
        out(script),
        "a-b\nc-d\ne-\n[   ab][cd   ][ef]\n42 -7 ff FF 10 h %\n[00042][+5][ 5][7   ][007]\n0xff 010\n3.14 1.234500e+03 0.0001 100000\na\tb|a\\tb\nno newline\n65\n007\n\n   2|\n"
    );
    let outcome = sh("printf '%d\\n' abc; echo $?");
    assert_eq!(outcome.stdout, "0\n1\n");
    assert_eq!(outcome.stderr, "sh: printf: abc: invalid number\n");
}

#[test]
fn test_and_brackets() {
    let fake = Fake::new();
    fake.file("/home/user/file", "x");
    fake.file("/home/user/empty", "");
    fake.file_with_mode("/home/user/script", "#!fake:true", 0o755);
    fake.dir("/home/user/dir");
    fake.symlink("/home/user/link", "file");
    let script = r#"
        t() { if "$@"; then echo -n T; else echo -n F; fi; }
        t test -e file; t test -f file; t test -d dir; t test -f dir; t test -e missing
        t [ -s file ]; t [ -s empty ]; t [ -r file ]; t [ -w file ]; t [ -x script ]; t [ -x file ]
        t [ -L link ]; t [ -h file ]; t [ -z "" ]; t [ -n "" ]; t [ abc ]; t [ "" ]
        echo
        t [ a = a ]; t [ a == b ]; t [ a != b ]; t [ 3 -eq 3 ]; t [ 3 -ne 3 ]; t [ 2 -lt 10 ]
        t [ 2 -le 2 ]; t [ 10 -gt 2 ]; t [ 1 -ge 2 ]; t [ abc \< abd ]; t [ b \> a ]
        echo
        t [ ! -e missing ]; t [ -e file -a -d dir ]; t [ -e missing -o -d dir ]
        t [ \( a = b \) -o \( c = c \) ]; t [ ! a = a ]; t [ -n x -a ! -z x -a 1 -lt 2 ]
        t [ = ]; t [ ! ]; t [ file -ef link ]; t [ -t 1 ]
        echo
    "#;
    let outcome = run_in(&fake, script);
    assert_eq!(
        outcome.stdout,
        "TTTFFTFTTTFTFTFTF\nTFTTFTTTFTT\nTTTTFTTTTF\n"
    );
    let outcome = sh("[ 1 -eq x ]; echo $?; [ a; echo $?; test a b; echo $?");
    assert_eq!(outcome.stdout, "2\n2\n2\n");
    assert_eq!(
        outcome.stderr,
        "sh: [: x: integer expression expected\nsh: [: missing `]'\nsh: test: a: unary operator expected\n"
    );
}

#[test]
fn read() {
    let fake = Fake::new();
    let script = r#"
        read a b c; echo "<$a><$b><$c>"
        read -r raw; echo "$raw"
        read cooked; echo "$cooked"
        IFS=: read x y; echo "$x|$y"
        read; echo "[$REPLY]"
        read -n 3 three; echo "$three"
        read -d , upto; echo "$upto"
        read last; echo "$last"
        read eof; echo "status $? <$eof>"
    "#;
    let stdin = "one two three four\nback\\slash\\ kept\nback\\slash\\ gone\nk:v:w\n  spaced  \nabcdef\npart,rest\nno newline";
    let outcome = fake.run(&["sh", "-c", script], stdin);
    assert_eq!(
        outcome.stdout,
        "<one><two><three four>\nback\\slash\\ kept\nbackslash gone\nk|v:w\n[  spaced  ]\nabc\ndef\npart\nrest\nstatus 1 <no newline>\n"
    );
    let outcome = fake.run(&["sh", "-c", "read -p 'name? ' n; echo hi $n"], "bob\n");
    assert_eq!(
        (outcome.stdout.as_str(), outcome.stderr.as_str()),
        ("hi bob\n", "name? ")
    );
}

#[test]
fn read_leaves_the_rest_for_programs() {
    let fake = Fake::new();
    let outcome = fake.run(&["sh", "-c", "read first; cat"], "1\n2\n3\n");
    assert_eq!(outcome.stdout, "2\n3\n");
}

#[test]
fn variables_export_unset_readonly() {
    let script = r#"
        QA=1; export QB=2; export QA
        env | grep -c Q
        QC=3 env | grep QC=; echo "QC=${QC-unset}"
        unset QA; echo "QA=${QA-unset}"; env | grep -c QA=
        export -n QB; env | grep -c QB=
        readonly R=fixed; (R=changed; echo not here); echo "$R $?"
        unset R; echo $?
        export -p | grep HOME
        readonly | grep R=
        set | grep QB=
        export 1bad; echo $?
    "#;
    let outcome = sh(script);
    assert_eq!(
        outcome.stdout,
        "2\nQC=3\nQC=unset\nQA=unset\n0\n0\nfixed 1\n1\nexport HOME=/home/user\nreadonly R=fixed\nQB=2\n1\n"
    );
    assert_eq!(
        outcome.stderr,
        "sh: R: readonly variable\nsh: unset: R: cannot unset: readonly variable\nsh: export: `1bad': not a valid identifier\n"
    );
}

#[test]
fn prefix_assignments() {
    let script = r#"
        X=1 printargs "$X"
        X=outer; X=inner env | grep X=; echo $X
        IFS=, read a b <<< "p,q"; echo "$b"; printargs "$IFS"
        Y=kept :; echo "$Y"
        Z=1 export Z; env | grep Z=
    "#;
    assert_eq!(out(script), "[]\nX=inner\nouter\nq\n[ \t\n]\nkept\nZ=1\n");
}

#[test]
fn set_and_shift() {
    let script = r#"
        set -- a b c d
        echo $# $1; shift; echo $# $1; shift 2; echo $# $1
        shift 5; echo "status $?"
        set -x; echo traced 'two words'; set +x
        set -o | grep errexit
        set +o | grep nounset
        set -o nounset; echo $-; set -euo pipefail +u; echo $-; set +eo pipefail
        set -- ; echo $#
    "#;
    let outcome = sh(script);
    assert_eq!(
        outcome.stdout,
        "4 a\n3 b\n1 d\nstatus 1\ntraced two words\nerrexit         off\nset +o nounset\nu\ne\n0\n"
    );
    assert_eq!(outcome.stderr, "+ echo traced 'two words'\n+ set +x\n");
    assert_eq!(sh("set -q").stderr, "sh: set: -q: invalid option\n");
}

#[test]
fn type_and_command() {
    let script = r#"
        f() { :; }
        type cd f if cat nope; echo $?
        type -t echo f while cat
        command -v cd f cat nope; echo $?
        echo() { printf 'function echo\n'; }
        echo hi; command echo builtin; unset -f echo
        command printargs x
        command -V pwd
    "#;
    let outcome = sh(script);
    assert_eq!(
        outcome.stdout,
        "cd is a shell builtin\nf is a function\nif is a shell keyword\ncat is /bin/cat\n1\nbuiltin\nfunction\nkeyword\nfile\ncd\nf\n/bin/cat\n1\nfunction echo\nbuiltin\n[x]\npwd is a shell builtin\n"
    );
    assert_eq!(outcome.stderr, "sh: type: nope: not found\n");
}

#[test]
fn exec_runs_a_program_and_ends() {
    let outcome = sh("exec status 9; echo not reached");
    assert_eq!((outcome.stdout.as_str(), outcome.status), ("", 9));
    assert_eq!(sh("exec nothing-here; echo no").status, 127);
    assert_eq!(out("A=given exec env | grep A="), "A=given\n");
    assert_eq!(out("command exec printargs x"), "[x]\n");
}

#[test]
fn umask() {
    let fake = Fake::new();
    let outcome = run_in(
        &fake,
        "umask; umask -S; umask 027; umask; umask g+w; umask; umask a=rx; umask -S; umask 9; echo $?",
    );
    assert_eq!(
        outcome.stdout,
        "0022\nu=rwx,g=rx,o=rx\n0027\n0007\nu=rx,g=rx,o=rx\n2\n"
    );
    assert_eq!(fake.umask(), 0o222);
}

#[test]
fn ulimit_knows_the_core_file_size() {
    let outcome = sh(
        "ulimit; ulimit -c 0 && echo off; ulimit -a; ulimit -c 100; echo $?; ulimit -n 10; echo $?",
    );
    assert_eq!(
        outcome.stdout,
        "0\noff\ncore file size (blocks, -c) 0\n1\n2\n"
    );
    assert_eq!(
        outcome.stderr,
        "sh: ulimit: core file size: cannot modify limit: Operation not permitted\n\
         sh: ulimit: -n: limit not supported\n"
    );
}

#[test]
fn getopts() {
    let script = r#"
        set -- -a -b value -cd rest
        while getopts ab:cd opt; do echo "$opt ${OPTARG-none}"; done
        echo "OPTIND=$OPTIND"; shift $((OPTIND - 1)); echo "left $*"
        OPTIND=1; while getopts :x opt -y; do echo "silent $opt $OPTARG"; done
        OPTIND=1; while getopts x opt -y; do echo "loud $opt"; done
    "#;
    let outcome = sh(script);
    assert_eq!(
        outcome.stdout,
        "a none\nb value\nc none\nd none\nOPTIND=5\nleft rest\nsilent ? y\nloud ?\n"
    );
    assert_eq!(outcome.stderr, "sh: illegal option -- y\n");
}

#[test]
fn break_and_return_outside_their_constructs() {
    let outcome = sh("break; echo $?; return; echo $?");
    assert_eq!(outcome.stdout, "0\n1\n");
    assert_eq!(
        outcome.stderr,
        "sh: break: only meaningful in a `for', `while', or `until' loop\nsh: return: can only `return' from a function or sourced script\n"
    );
}

#[test]
fn exit_status_of_exit() {
    assert_eq!(sh("exit 300").status, 44);
    assert_eq!(sh("false; exit").status, 1);
    let outcome = sh("exit abc");
    assert_eq!(
        (outcome.status, outcome.stderr.as_str()),
        (2, "sh: exit: abc: numeric argument required\n")
    );
}
