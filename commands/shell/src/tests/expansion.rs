//! Quoting and expansion: parameters, command substitution, arithmetic, tildes, field
//! splitting and globbing.

use super::fake::Fake;
use super::{out, run_in, sh};

#[test]
fn quoting() {
    assert_eq!(
        out(r#"echo 'a  $x' "b  $HOME" c\ d \$e"#),
        "a  $x b  /home/user c d $e\n"
    );
    assert_eq!(out(r#"printargs "" '' a""b"#), "[]\n[]\n[ab]\n");
    assert_eq!(out(r#"echo "a\"b\\c\$d\e""#), "a\"b\\c$d\\e\n");
    assert_eq!(out(r"echo $'a\tb\n\x41\101'"), "a\tb\nAA\n");
    assert_eq!(out("echo a\\\nb"), "ab\n");
    assert_eq!(out("echo 'multi\nline'"), "multi\nline\n");
}

#[test]
fn parameters_and_defaults() {
    let script = r#"
        x=val; empty=
        echo "${x}" "${unset-d1}" "${empty-d2}" "${empty:-d3}" "${x:-no}"
        echo "${unset+alt}" "${x+alt}" "${empty+alt2}" "${empty:+no}"
        echo "${new=assigned}" "$new" "${empty:=filled}" "$empty"
        echo "${#x}" "${#unset}"
    "#;
    assert_eq!(
        out(script),
        "val d1  d3 val\n alt alt2 \nassigned assigned filled filled\n3 0\n"
    );
}

#[test]
fn error_expansion_is_fatal() {
    let outcome = sh("echo before; echo ${missing:?is required}; echo after");
    assert_eq!(outcome.stdout, "before\n");
    assert_eq!(outcome.stderr, "sh: missing: is required\n");
    assert_eq!(outcome.status, 127);
    assert_eq!(
        sh("x=; : ${x:?}").stderr,
        "sh: x: parameter null or not set\n"
    );
}

#[test]
fn pattern_operations() {
    let script = r#"
        p=/usr/local/lib/file.tar.gz
        echo ${p#*/} ${p##*/} ${p%.*} ${p%%.*}
        echo ${p/l/L} ${p//l/L} ${p/#\/usr/X} ${p/%gz/bz2}
        s=hello; echo ${s^} ${s^^} ${s:1} ${s:1:3} ${s: -2} ${s:0:-1}
        U=ABC; echo ${U,} ${U,,}
        pat='*.'; echo ${p#$pat} "${p#"$pat"}" "${p//\//:}" "${p##*/}" "${p%'.gz'}"
    "#;
    assert_eq!(
        out(script),
        "usr/local/lib/file.tar.gz file.tar.gz /usr/local/lib/file.tar /usr/local/lib/file\n\
         /usr/Local/lib/file.tar.gz /usr/LocaL/Lib/fiLe.tar.gz X/local/lib/file.tar.gz /usr/local/lib/file.tar.bz2\n\
         Hello HELLO ello ell lo hell\n\
         aBC abc\n\
         tar.gz /usr/local/lib/file.tar.gz :usr:local:lib:file.tar.gz file.tar.gz /usr/local/lib/file.tar\n"
    );
}

#[test]
fn special_parameters() {
    let fake = Fake::new();
    let outcome = fake.run(
        &[
            "sh",
            "-c",
            r#"echo "$0" "$#" "$1" "$2" "${10}" "$*"; false; echo $?; echo $$"#,
            "name",
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g",
            "h",
            "i",
            "j",
        ],
        "",
    );
    assert_eq!(outcome.stdout, "name 10 a b j a b c d e f g h i j\n1\n1\n");
    assert_eq!(out("set -eu; echo $-"), "eu\n");
    assert_eq!(out("sleep 0 & echo ${!:+started}"), "started\n");
}

#[test]
fn positional_lists() {
    let script = r#"
        set -- "a b" "" c
        printargs "$@"
        echo --
        printargs $@
        echo --
        printargs "$*"
        echo --
        IFS=,; printargs "$*"; unset IFS
        echo --
        printargs "x$@y"
        set --
        printargs "$@" end
        printargs "${@:-none}"
    "#;
    assert_eq!(
        out(script),
        "[a b]\n[]\n[c]\n--\n[a]\n[b]\n[c]\n--\n[a b  c]\n--\n[a b,,c]\n--\n[xa b]\n[]\n[cy]\n[end]\n[none]\n"
    );
    assert_eq!(out(r#"set -- a b c d; printargs "${@:2:2}""#), "[b]\n[c]\n");
}

#[test]
fn field_splitting() {
    let script = r#"
        v='  a  b	c '
        printargs $v
        IFS=:
        w='x::y:'
        printargs $w
        IFS=' :'
        u='p : q'
        printargs $u
        IFS=
        printargs $v
    "#;
    assert_eq!(
        out(script),
        "[a]\n[b]\n[c]\n[x]\n[]\n[y]\n[p]\n[q]\n[  a  b\tc ]\n"
    );
    assert_eq!(out("e=; printargs $e x \"$e\""), "[x]\n[]\n");
    assert_eq!(
        out("printargs ${u:-a b} \"${u:-c d}\" ${u:-\"e f\"}"),
        "[a]\n[b]\n[c d]\n[e f]\n"
    );
}

#[test]
fn command_substitution() {
    let script = r#"
        a=$(echo hi; echo there)
        echo "$a"
        echo `echo back` "$(echo "in  quotes")"
        echo $(printf 'x\n\n\n')end
        n=$(seq 3 | wc -l); echo $n
        echo $(cd /tmp; pwd) $(pwd)
        x=outer; y=$(x=inner; echo $x); echo $x $y
        echo "$(echo "$(echo nested)")"
        echo $(case a in a) echo matched;; esac)
    "#;
    assert_eq!(
        out(script),
        "hi\nthere\nback in  quotes\nxend\n3\n/tmp /home/user\nouter inner\nnested\nmatched\n"
    );
    assert_eq!(out("x=$(false); echo $?; x=$(status 3); echo $?"), "1\n3\n");
}

#[test]
fn command_substitution_of_large_output() {
    let script = "x=$(seq 5000); echo ${#x}; y=$(seq 3000 | cat | cat); echo ${#y}";
    let expected = (1..=5000)
        .map(|n: u32| n.to_string().len() + 1)
        .sum::<usize>()
        - 1;
    let expected_y = (1..=3000)
        .map(|n: u32| n.to_string().len() + 1)
        .sum::<usize>()
        - 1;
    assert_eq!(out(script), format!("{expected}\n{expected_y}\n"));
}

#[test]
fn arithmetic_expansion() {
    let script = r#"
        i=5
        echo $((i * 2 + 1)) $(( (i + 1) / 4 )) $((i % 3)) $((i > 3 && i < 10)) $((-i))
        echo $((i += 2)) $i $((i++)) $i $((x = 3 * 4)) $x
        n=$(echo 7); echo $((n + $n))
        echo $(( $(echo 2) ** 3 ))
    "#;
    assert_eq!(out(script), "11 1 2 1 -5\n7 7 7 8 12 12\n14\n8\n");
    let outcome = sh("echo $((1 / 0)); echo after");
    assert_eq!(outcome.stderr, "sh: 1 / 0: division by 0\n");
    assert_eq!(outcome.status, 1);
    assert_eq!(outcome.stdout, "");
}

#[test]
fn tilde_expansion() {
    assert_eq!(
        out("echo ~ ~/x ~user ~+ \"~\" a~; x=~/p:~/q; echo $x"),
        "/home/user /home/user/x /home/user /home/user ~ a~\n/home/user/p:/home/user/q\n"
    );
    assert_eq!(out("unset HOME; echo ~ ~nobody"), "/home/user ~nobody\n");
}

#[test]
fn pathname_expansion() {
    let fake = Fake::new();
    for file in [
        "b.txt",
        "a.txt",
        "c.log",
        ".hidden.txt",
        "dir/x.txt",
        "dir/y.md",
    ] {
        if file.starts_with("dir") {
            fake.dir("/home/user/dir");
        }
        fake.file(&format!("/home/user/{file}"), "");
    }
    let outcome = run_in(
        &fake,
        r#"echo *.txt; echo ?.log; echo [ab].*; echo */*.txt; echo *.none; echo "*.txt"; echo \*.txt; echo .*.txt; echo */; echo /home/user/dir/*; set -f; echo *.txt"#,
    );
    assert_eq!(
        outcome.stdout,
        "a.txt b.txt\nc.log\na.txt b.txt\ndir/x.txt\n*.none\n*.txt\n*.txt\n.hidden.txt\ndir/\n/home/user/dir/x.txt /home/user/dir/y.md\n*.txt\n"
    );
    let outcome = run_in(
        &fake,
        "for f in *.txt; do echo \"<$f>\"; done; x=*.txt; echo \"$x\" $x",
    );
    assert_eq!(outcome.stdout, "<a.txt>\n<b.txt>\n*.txt a.txt b.txt\n");
}

#[test]
fn unset_variables_with_nounset() {
    let outcome = sh("set -u; echo ${fine:-ok}; echo $missing; echo not here");
    assert_eq!(outcome.stdout, "ok\n");
    assert_eq!(outcome.stderr, "sh: missing: unbound variable\n");
    assert_eq!(outcome.status, 127);
}
