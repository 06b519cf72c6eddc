//! Unit tests of the parts that need no kernel: the parser, patterns, arithmetic.

use std::collections::HashMap;

use crate::arith::{ArithmeticVariables, evaluate};
use crate::ast::{Command, CompoundCommand, RedirectKind, WordPart};
use crate::parser::{Parser, Problem};
use crate::pattern::{MarkedText, Pattern};

fn parse(text: &str) -> crate::ast::Program {
    Parser::new(text, 1, true)
        .parse_to_end()
        .expect("it parses")
}

fn parse_error(text: &str) -> crate::parser::SyntaxError {
    Parser::new(text, 1, true)
        .parse_to_end()
        .expect_err("it does not parse")
}

fn first_command(text: &str) -> Command {
    parse(text).items[0].and_or.first.commands[0].clone()
}

#[test]
fn parses_lists_pipelines_and_background() {
    let program = parse("a | b && c || d; e & f\ng");
    assert_eq!(program.items.len(), 4);
    assert_eq!(program.items[0].and_or.first.commands.len(), 2);
    assert_eq!(program.items[0].and_or.rest.len(), 2);
    assert!(!program.items[0].background);
    assert!(program.items[1].background);
}

#[test]
fn parses_assignments_words_and_redirections() {
    let Command::Simple(simple) = first_command("A=1 B+=2 cmd arg 2>&1 >out <in") else {
        panic!("a simple command");
    };
    assert_eq!(simple.assignments.len(), 2);
    assert!(simple.assignments[1].append);
    assert_eq!(simple.words.len(), 2);
    assert_eq!(simple.redirects.len(), 3);
    assert_eq!(simple.redirects[0].fd, Some(2));
    assert!(matches!(
        simple.redirects[0].kind,
        RedirectKind::DuplicateOutput(_)
    ));
}

#[test]
fn parses_compound_commands() {
    let cases = [
        "if a; then b; elif c; then d; else e; fi",
        "for x in 1 2; do echo $x; done",
        "for x do echo; done",
        "while a; do b; done",
        "until a; do b; done",
        "case x in a|b) c;; *) d;; esac",
        "{ a; b; }",
        "(a; b)",
        "f() { a; }",
        "function g { a; }",
        "((1 + 2))",
    ];
    for case in cases {
        parse(case);
    }
    assert!(matches!(
        first_command("((x = 1))"),
        Command::Compound {
            body: CompoundCommand::Arithmetic(_),
            ..
        }
    ));
    assert!(matches!(
        first_command("((a) )"),
        Command::Compound {
            body: CompoundCommand::Subshell(_),
            ..
        }
    ));
}

#[test]
fn keywords_are_only_keywords_where_a_command_starts() {
    let Command::Simple(simple) = first_command("echo if then fi }") else {
        panic!("a simple command");
    };
    assert_eq!(simple.words.len(), 5);
}

#[test]
fn reads_here_documents_after_the_line() {
    let program = parse("cat <<A; cat <<'B'\nx $y\nA\nz $y\nB\necho done\n");
    assert_eq!(program.items.len(), 3);
    let Command::Simple(second) = &program.items[1].and_or.first.commands[0] else {
        panic!("a simple command");
    };
    let RedirectKind::HereDocument(body) = &second.redirects[0].kind else {
        panic!("a here-document");
    };
    assert_eq!(body.parts, vec![WordPart::Quoted("z $y\n".to_string())]);
}

#[test]
fn reports_syntax_errors() {
    let error = parse_error("echo a\nif true; then fi");
    assert_eq!(error.problem, Problem::UnexpectedToken("fi".to_string()));
    assert_eq!(error.line, 2);
    assert_eq!(
        error.to_string(),
        "line 2: syntax error near unexpected token `fi'"
    );
    assert!(parse_error("if true; then").is_incomplete());
    assert!(parse_error("echo 'abc").is_incomplete());
    assert_eq!(
        parse_error("echo )").problem,
        Problem::UnexpectedToken(")".to_string())
    );
    assert_eq!(
        parse_error("a && ;").problem,
        Problem::UnexpectedToken(";".to_string())
    );
    assert!(matches!(
        parse_error("echo ${x!}").problem,
        Problem::BadSubstitution(_)
    ));
    assert!(
        Parser::new("cat <<EOF\nno end", 1, false)
            .parse_to_end()
            .unwrap_err()
            .is_incomplete()
    );
}

fn marked(text: &str) -> MarkedText {
    let mut marked = MarkedText::default();
    marked.push_str(text, false);
    marked
}

#[test]
fn patterns_match_like_the_shell() {
    let matches = |pattern: &str, text: &str| Pattern::new(&marked(pattern)).matches(text);
    assert!(matches("*.txt", "a.txt"));
    assert!(!matches("*.txt", "a.txt.bak"));
    assert!(matches("a?c", "abc"));
    assert!(matches("[a-c]x", "bx"));
    assert!(!matches("[!a-c]x", "bx"));
    assert!(matches("[[:digit:]]*", "9lives"));
    assert!(matches("[]]", "]"));
    assert!(matches("a[", "a["));
    assert!(matches("\\*", "*"));
    assert!(!matches("\\*", "x"));
    assert!(matches("*a*b*", "xxaxxbxx"));
    let mut quoted = MarkedText::default();
    quoted.push_str("*", true);
    assert!(!Pattern::new(&quoted).matches("x"));
    assert!(Pattern::new(&quoted).matches("*"));
}

#[test]
fn patterns_remove_and_replace() {
    let pattern = |text: &str| Pattern::new(&marked(text));
    assert_eq!(pattern("*/").remove_prefix("a/b/c", false), "b/c");
    assert_eq!(pattern("*/").remove_prefix("a/b/c", true), "c");
    assert_eq!(pattern(".*").remove_suffix("f.tar.gz", false), "f.tar");
    assert_eq!(pattern(".*").remove_suffix("f.tar.gz", true), "f");
    use crate::ast::ReplaceMode;
    assert_eq!(pattern("o").replace("foo", "0", ReplaceMode::First), "f0o");
    assert_eq!(pattern("o").replace("foo", "0", ReplaceMode::All), "f00");
    assert_eq!(pattern("f").replace("foo", "b", ReplaceMode::Prefix), "boo");
    assert_eq!(pattern("o").replace("foo", "x", ReplaceMode::Suffix), "fox");
}

#[derive(Default)]
struct Vars(HashMap<String, String>);

impl ArithmeticVariables for Vars {
    fn get(&mut self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }

    fn set(&mut self, name: &str, value: i64) -> Result<(), String> {
        self.0.insert(name.to_string(), value.to_string());
        Ok(())
    }
}

#[test]
fn arithmetic_follows_c() {
    let mut vars = Vars::default();
    let mut eval = |text: &str| evaluate(text, &mut vars).expect("it evaluates");
    assert_eq!(eval("1 + 2 * 3"), 7);
    assert_eq!(eval("(1 + 2) * 3"), 9);
    assert_eq!(eval("7 / 2 + 7 % 2"), 4);
    assert_eq!(eval("-3 + +1"), -2);
    assert_eq!(
        eval("1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3 && 1 == 1 && 1 != 2"),
        1
    );
    assert_eq!(eval("0 || 0"), 0);
    assert_eq!(eval("!0 + ~0"), 0);
    assert_eq!(eval("1 ? 10 : 20"), 10);
    assert_eq!(eval("2 ** 10"), 1024);
    assert_eq!(eval("1 << 4 | 1"), 17);
    assert_eq!(eval("0x10 + 010 + 2#101"), 16 + 8 + 5);
    assert_eq!(eval("x = 5, x += 2, x *= 3"), 21);
    assert_eq!(eval("x++ + ++x"), 21 + 23);
    assert_eq!(eval("y"), 0);
    assert_eq!(eval("0 && (z = 1)"), 0);
    assert_eq!(eval("z"), 0);
    assert_eq!(eval(""), 0);
}

#[test]
fn arithmetic_reports_errors() {
    let mut vars = Vars::default();
    assert_eq!(
        evaluate("1 / 0", &mut vars).unwrap_err().to_string(),
        "1 / 0: division by 0"
    );
    assert!(evaluate("1 +", &mut vars).is_err());
    assert!(evaluate("(1", &mut vars).is_err());
    assert!(evaluate("1 2", &mut vars).is_err());
    vars.0.insert("e".to_string(), "2 * 3".to_string());
    assert_eq!(evaluate("e + 1", &mut vars), Ok(7));
}
