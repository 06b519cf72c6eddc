//! Lists, compound commands, functions, subshells, `-e` and traps.

use super::fake::Fake;
use super::{out, run_in, sh};

#[test]
fn lists_and_conditionals() {
    assert_eq!(
        out("true && echo a; false && echo b; false || echo c; true || echo d"),
        "a\nc\n"
    );
    assert_eq!(
        out("false || false && echo no; true && false || echo yes"),
        "yes\n"
    );
    assert_eq!(
        out("echo one; echo two\necho three # comment\n# whole line\n"),
        "one\ntwo\nthree\n"
    );
}

#[test]
fn if_elif_else() {
    let script = r#"
        for x in 1 2 3; do
            if [ $x = 1 ]; then echo one
            elif [ $x = 2 ]
            then
                echo two
            else echo other; fi
        done
        if false; then echo no; fi; echo "status $?"
    "#;
    assert_eq!(out(script), "one\ntwo\nother\nstatus 0\n");
}

#[test]
fn loops_with_break_and_continue() {
    let script = r#"
        i=0
        while [ $i -lt 10 ]; do
            i=$((i + 1))
            [ $i = 2 ] && continue
            [ $i = 5 ] && break
            echo $i
        done
        until [ $i = 0 ]; do i=$((i - 1)); done; echo until $i
        for a in 1 2 3; do
            for b in x y z; do
                [ $b = y ] && continue 2
                [ $a = 3 ] && break 2
                echo $a$b
            done
        done
        set -- p q; for arg; do echo "arg $arg"; done
        for none in; do echo never; done; echo "empty $?"
    "#;
    assert_eq!(
        out(script),
        "1\n3\n4\nuntil 0\n1x\n2x\narg p\narg q\nempty 0\n"
    );
}

#[test]
fn case_patterns() {
    let script = r#"
        for w in apple banana cherry 42 '*' x.c; do
            case $w in
                a*) echo "$w starts with a";;
                *an*|cherry) echo "$w is fruity" ;;
                [0-9]*) echo "$w is a number";;
                '*') echo literal star;;
                *.[ch]) echo source;;
            esac
        done
        case yes in (y*) echo paren;; esac
        case x in x) echo fall;& y) echo through;; z) echo not;; esac
        case ab in a*) echo first;;& *b) echo second;; esac
        v=b; case abc in a${v}c) echo expanded;; esac
        case z in a) ;; esac; echo "none $?"
    "#;
    assert_eq!(
        out(script),
        "apple starts with a\nbanana is fruity\ncherry is fruity\n42 is a number\nliteral star\nsource\nparen\nfall\nthrough\nfirst\nsecond\nexpanded\nnone 0\n"
    );
}

#[test]
fn groups_and_subshells() {
    let fake = Fake::new();
    fake.dir("/home/user/sub");
    let script = r#"
        x=1; { x=2; }; echo $x
        (x=3; cd sub; echo "in $(pwd) $x"; umask 077); echo "out $(pwd) $x"; umask
        (exit 4); echo "exit $?"
        (echo a; exit 0; echo b)
        ( cd sub && pwd )
        pwd
    "#;
    let outcome = run_in(&fake, script);
    assert_eq!(
        outcome.stdout,
        "2\nin /home/user/sub 3\nout /home/user 2\n0022\nexit 4\na\n/home/user/sub\n/home/user\n"
    );
    assert_eq!(fake.shell_cwd(), "/home/user");
    assert_eq!(fake.umask(), 0o022);
}

#[test]
fn functions() {
    let script = r#"
        greet() { echo "hello $1 ($#)"; return 3; echo unreachable; }
        greet world extra; echo "returned $?"
        counter=0
        bump() { counter=$((counter + 1)); }
        bump; bump; echo $counter
        scoped() { local counter=100 other; other=set; echo "inside $counter"; }
        scoped; echo "outside $counter ${other-unset}"
        recurse() { if [ $1 -gt 0 ]; then echo $1; recurse $(($1 - 1)); fi; }
        recurse 3
        args() { echo "$@"; shift; echo "$@"; }; set -- outer; args a b c; echo "$@"
        function kw { echo keyword style; }; kw
        redirected() { echo into file; } > fn.out; redirected; cat fn.out
        show() { echo "V=$V"; }; V=temp show; echo "after ${V-unset}"
        echo() { builtin_echo_is_shadowed; }; unset -f echo; echo unshadowed
    "#;
    assert_eq!(
        out(script),
        "hello world (2)\nreturned 3\n2\ninside 100\noutside 2 unset\n3\n2\n1\na b c\nb c\nouter\nkeyword style\ninto file\nV=temp\nafter unset\nunshadowed\n"
    );
}

#[test]
fn errexit() {
    let outcome = sh("set -e; echo a; false; echo b");
    assert_eq!((outcome.stdout.as_str(), outcome.status), ("a\n", 1));
    let script = r#"
        set -e
        if false; then :; fi
        false || true
        false && true
        ! true
        while false; do :; done
        f() { false; echo "f continued"; }
        f || echo "f failed"
        x=$(false) || echo "substitution failed"
        echo survived
        status 3
        echo not reached
    "#;
    let outcome = sh(script);
    assert_eq!(
        outcome.stdout,
        "f continued\nsubstitution failed\nsurvived\n"
    );
    assert_eq!(outcome.status, 3);
    let outcome = sh("set -e; (false; echo no); echo no");
    assert_eq!((outcome.stdout.as_str(), outcome.status), ("", 1));
}

#[test]
fn exit_trap() {
    let outcome = sh("trap 'echo bye $?' EXIT; echo hi; exit 3");
    assert_eq!(
        (outcome.stdout.as_str(), outcome.status),
        ("hi\nbye 3\n", 3)
    );
    assert_eq!(
        out("trap 'echo sub' EXIT; (trap 'echo inner' EXIT; echo in); trap - EXIT; echo end"),
        "in\ninner\nend\n"
    );
    assert_eq!(sh("trap 'exit 7' EXIT; true").status, 7);
    assert_eq!(
        out("trap 'echo x' INT TERM; trap"),
        "trap -- 'echo x' SIGINT\ntrap -- 'echo x' SIGTERM\n"
    );
    assert_eq!(
        sh("trap x NOSUCH").stderr,
        "sh: trap: NOSUCH: invalid signal specification\n"
    );
}

#[test]
fn exit_inside_constructs() {
    assert_eq!(sh("for i in 1 2; do exit 4; done; echo no").status, 4);
    let outcome = sh("f() { exit 6; }; f; echo no");
    assert_eq!((outcome.stdout.as_str(), outcome.status), ("", 6));
    assert_eq!(out("x=$(echo a; exit 2; echo b); echo \"$x $?\""), "a 2\n");
}

#[test]
fn arithmetic_command() {
    assert_eq!(
        out("i=0; while ((i < 3)); do ((i++)); done; echo $i; ((0)); echo $?"),
        "3\n1\n"
    );
}

#[test]
fn eval_and_source() {
    let fake = Fake::new();
    fake.file(
        "/home/user/lib.sh",
        "lib_var=loaded\nlib_fn() { echo \"lib $1\"; }\nreturn 4\necho not reached\n",
    );
    let outcome = run_in(
        &fake,
        "cmd='echo evaluated; x=9'; eval \"$cmd\"; echo $x; . ./lib.sh; echo \"$? $lib_var\"; lib_fn arg; source lib.sh a; eval 'if'; echo \"eval status $?\"",
    );
    assert_eq!(
        outcome.stdout,
        "evaluated\n9\n4 loaded\nlib arg\neval status 2\n"
    );
    assert_eq!(
        outcome.stderr,
        "sh: line 1: syntax error: unexpected end of file\n"
    );
}

#[test]
fn runaway_recursion_fails_cleanly() {
    let outcome = sh("f() { f; }; f; echo survived $?; g() { eval g; }; g; echo again $?");
    assert_eq!(outcome.stdout, "survived 1\nagain 1\n");
    let errors: Vec<&str> = outcome.stderr.lines().collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0], "sh: f: maximum nesting level exceeded");
    assert!(
        [
            "sh: g: maximum nesting level exceeded",
            "sh: eval: maximum nesting level exceeded"
        ]
        .contains(&errors[1]),
        "{errors:?}"
    );
}

#[test]
fn recursion_within_the_limit() {
    let script = "f() { if [ $1 -lt 50 ]; then f $(($1 + 1)); else echo $1; fi; }; f 0";
    assert_eq!(out(script), "50\n");
}

#[test]
fn a_realistic_script() {
    let fake = Fake::new();
    fake.dir("/home/user/src");
    fake.file("/home/user/src/a.txt", "  indented line\nplain\n");
    fake.file("/home/user/src/b.txt", "b1\n");
    fake.file(
        "/home/user/build.sh",
        r##"#!/bin/sh
set -euo pipefail
usage() { echo "usage: $(basename_of "$0") [-v] [-o out] dir" >&2; exit 2; }
basename_of() { local p=${1%/}; echo "${p##*/}"; }
verbose=0 out=report.txt
while getopts vo: opt; do
    case $opt in
        v) verbose=1 ;;
        o) out=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
dir=$1
trap 'echo "cleanup ($?)"' EXIT
log() { [ "$verbose" = 1 ] && echo "log: $*" >&2 || true; }
count=0
for f in "$dir"/*.txt; do
    log "reading $f"
    while IFS= read -r line; do
        count=$((count + 1))
        printf '%s:%d:%s\n' "$(basename_of "$f")" "$count" "$line"
    done < "$f"
done > "$out"
total=$(wc -l < "$out")
cat <<EOF
processed ${total} lines from ${dir%/}
first: $(head -n 1 "$out")
slashes: ${dir//\//_}
EOF
if ! grep -q plain "$out"; then echo "missing plain"; exit 1; fi
[ -n "${UNSET_VAR:-}" ] && echo never
echo "done"
"##,
    );
    let outcome = fake.run(&["sh", "build.sh", "-v", "-o", "out.txt", "src/"], "");
    assert_eq!(
        outcome.stdout,
        "processed 3 lines from src\nfirst: a.txt:1:  indented line\nslashes: src_\ndone\ncleanup (0)\n"
    );
    assert_eq!(
        outcome.stderr,
        "log: reading src//a.txt\nlog: reading src//b.txt\n"
    );
    assert_eq!(outcome.status, 0);
    assert_eq!(
        fake.read("/home/user/out.txt").as_deref(),
        Some("a.txt:1:  indented line\na.txt:2:plain\nb.txt:3:b1\n")
    );
    let outcome = fake.run(&["sh", "build.sh", "-x"], "");
    assert_eq!(outcome.status, 2);
    assert_eq!(
        outcome.stderr,
        "sh: illegal option -- x\nusage: build.sh [-v] [-o out] dir\n"
    );
}
