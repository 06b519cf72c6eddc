//! Word expansion: tilde, parameters, command substitution and arithmetic, then field
//! splitting on `IFS` and pathname expansion, with quote removal throughout.

use std::cell::RefCell;
use std::rc::Rc;

use crate::arith::{self, ArithmeticVariables};
use crate::ast::{FallbackKind, ParameterExpansion, ParameterOperation, Program, Word, WordPart};
use crate::fds::Target;
use crate::glob;
use crate::parser::is_name;
use crate::pattern::{MarkedText, Pattern};
use crate::shell::{Flow, Shell};

/// The status a shell exits with on an unset parameter under `set -u` or in `${name?}`
/// (bash's).
const EXPANSION_ERROR_STATUS: i32 = 127;

/// The field separators `IFS` names, split into its whitespace and other characters.
#[derive(Debug, Clone)]
pub struct Ifs {
    whitespace: Vec<char>,
    others: Vec<char>,
}

impl Ifs {
    pub fn new(text: &str) -> Ifs {
        let (whitespace, others) = text.chars().partition(|c| matches!(c, ' ' | '\t' | '\n'));
        Ifs { whitespace, others }
    }

    pub fn is_whitespace(&self, c: char) -> bool {
        self.whitespace.contains(&c)
    }

    pub fn is_separator(&self, c: char) -> bool {
        self.is_whitespace(c) || self.others.contains(&c)
    }
}

/// Where tilde prefixes are expanded in a word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tildes {
    /// At the start of the word.
    WordStart,
    /// At the start and after each unquoted `:` (assignment values).
    Assignment,
}

/// The fields a word expands into, being built.
struct Fields {
    done: Vec<MarkedText>,
    current: Option<MarkedText>,
    /// How unquoted expansion results are split; `None` where words are not split.
    ifs: Option<Ifs>,
    /// Whether the last thing seen was `IFS` whitespace that ended a field.
    after_ifs_whitespace: bool,
}

impl Fields {
    fn splitting(ifs: Ifs) -> Fields {
        Fields {
            done: Vec::new(),
            current: None,
            ifs: Some(ifs),
            after_ifs_whitespace: false,
        }
    }

    fn joined() -> Fields {
        Fields {
            done: Vec::new(),
            current: None,
            ifs: None,
            after_ifs_whitespace: false,
        }
    }

    fn current(&mut self) -> &mut MarkedText {
        self.current.get_or_insert_with(MarkedText::default)
    }

    /// Text from the word itself (never split).
    fn text(&mut self, text: &str, quoted: bool) {
        self.after_ifs_whitespace = false;
        self.current().push_str(text, quoted);
    }

    /// Makes sure a field exists even if nothing goes in it (`""`).
    fn ensure_field(&mut self) {
        self.current();
    }

    /// Ends the current field, even empty (between the elements of `"$@"`).
    fn separate(&mut self) {
        let field = self.current.take().unwrap_or_default();
        self.done.push(field);
    }

    /// Ends the current field if there is one (between the elements of unquoted `$@`).
    fn delimit(&mut self) {
        if let Some(field) = self.current.take() {
            self.done.push(field);
        }
        self.after_ifs_whitespace = true;
    }

    /// The result of an expansion: split on `IFS` unless quoted.
    fn expansion(&mut self, text: &str, quoted: bool) {
        let Some(ifs) = self.ifs.as_ref().filter(|_| !quoted) else {
            return self.text(text, quoted);
        };
        let ifs = ifs.clone();
        for c in text.chars() {
            if ifs.is_whitespace(c) {
                if let Some(field) = self.current.take() {
                    self.done.push(field);
                    self.after_ifs_whitespace = true;
                }
            } else if ifs.is_separator(c) {
                match self.current.take() {
                    Some(field) => self.done.push(field),
                    None if !self.after_ifs_whitespace => self.done.push(MarkedText::default()),
                    None => {}
                }
                self.after_ifs_whitespace = false;
            } else {
                self.after_ifs_whitespace = false;
                self.current().push(c, false);
            }
        }
    }

    fn finish(mut self) -> Vec<MarkedText> {
        self.done.extend(self.current.take());
        self.done
    }

    fn into_single(self) -> MarkedText {
        self.finish().into_iter().next().unwrap_or_default()
    }
}

impl Shell<'_> {
    /// Words into fields: expanded, split and globbed (arguments, `for` lists).
    pub fn expand_words(&mut self, words: &[Word]) -> Result<Vec<String>, Flow> {
        let mut result = Vec::new();
        for word in words {
            let mut fields = Fields::splitting(self.ifs());
            self.expand_word_into(word, &mut fields, Tildes::WordStart)?;
            for field in fields.finish() {
                if !self.state.options.noglob && field.has_wildcards() {
                    let paths = glob::expand_pathname(self.sys, &field);
                    if !paths.is_empty() {
                        result.extend(paths);
                        continue;
                    }
                }
                result.push(field.to_plain());
            }
        }
        Ok(result)
    }

    /// A word into one string, neither split nor globbed (`case` subjects, here-strings,
    /// here-documents).
    pub fn expand_to_string(&mut self, word: &Word) -> Result<String, Flow> {
        Ok(self.expand_marked(word, Tildes::WordStart)?.to_plain())
    }

    /// An assignment's value: one string, with tildes expanded after `:` too.
    pub fn expand_assignment_value(&mut self, word: &Word) -> Result<String, Flow> {
        Ok(self.expand_marked(word, Tildes::Assignment)?.to_plain())
    }

    /// A word as a pattern, its quoted characters matching only themselves.
    pub fn expand_pattern(&mut self, word: &Word) -> Result<Pattern, Flow> {
        Ok(Pattern::new(&self.expand_marked(word, Tildes::WordStart)?))
    }

    fn expand_marked(&mut self, word: &Word, tildes: Tildes) -> Result<MarkedText, Flow> {
        let mut fields = Fields::joined();
        self.expand_word_into(word, &mut fields, tildes)?;
        Ok(fields.into_single())
    }

    pub fn ifs(&self) -> Ifs {
        Ifs::new(self.state.vars.get("IFS").unwrap_or(" \t\n"))
    }

    fn expand_word_into(
        &mut self,
        word: &Word,
        fields: &mut Fields,
        tildes: Tildes,
    ) -> Result<(), Flow> {
        for (index, part) in word.parts.iter().enumerate() {
            match part {
                WordPart::Literal(text) => {
                    let word_continues = index + 1 < word.parts.len();
                    self.expand_literal(text, fields, index == 0, tildes, word_continues);
                }
                part => self.expand_part(part, false, fields)?,
            }
        }
        Ok(())
    }

    /// Unquoted text of the word, with its tilde prefixes expanded.
    fn expand_literal(
        &mut self,
        text: &str,
        fields: &mut Fields,
        at_word_start: bool,
        tildes: Tildes,
        word_continues: bool,
    ) {
        let after_colons = tildes == Tildes::Assignment;
        let ends_prefix = |c: char| c == '/' || (after_colons && c == ':');
        let mut rest = text;
        let mut at_start = at_word_start;
        loop {
            if at_start && let Some(after) = rest.strip_prefix('~') {
                let end = after.find(ends_prefix).unwrap_or(after.len());
                let prefix_closed = end < after.len() || !word_continues;
                if prefix_closed && let Some(directory) = self.tilde(&after[..end]) {
                    fields.text(&directory, true);
                    rest = &after[end..];
                }
            }
            match rest.find(':').filter(|_| after_colons) {
                Some(colon) => {
                    fields.text(&rest[..=colon], false);
                    rest = &rest[colon + 1..];
                    at_start = true;
                }
                None => {
                    fields.text(rest, false);
                    return;
                }
            }
        }
    }

    /// `~` (HOME, or the user's home without it), `~+` (PWD), `~-` (OLDPWD) or `~user`
    /// (from `/etc/passwd`).
    fn tilde(&mut self, user: &str) -> Option<String> {
        let vars = &self.state.vars;
        match user {
            "" => match vars.get("HOME") {
                Some(home) => Some(home.to_string()),
                None => {
                    let uid = self.sys.identity().uid;
                    let name = secure_exec_system::user_name(self.sys, uid)?;
                    self.tilde(&name)
                }
            },
            "+" => vars.get("PWD").map(str::to_string),
            "-" => vars.get("OLDPWD").map(str::to_string),
            _ => {
                let passwd = self.sys.read_file("/etc/passwd").ok()?;
                String::from_utf8_lossy(&passwd).lines().find_map(|line| {
                    let fields: Vec<&str> = line.split(':').collect();
                    (fields.len() > 5 && fields[0] == user).then(|| fields[5].to_string())
                })
            }
        }
    }

    fn expand_part(
        &mut self,
        part: &WordPart,
        quoted: bool,
        fields: &mut Fields,
    ) -> Result<(), Flow> {
        match part {
            WordPart::Literal(text) => fields.expansion(text, quoted),
            WordPart::Quoted(text) => fields.text(text, true),
            WordPart::DoubleQuoted(inner) => {
                if !inner.iter().any(is_positional_list) {
                    fields.ensure_field();
                }
                for part in inner {
                    self.expand_part(part, true, fields)?;
                }
            }
            WordPart::Parameter(expansion) => self.expand_parameter(expansion, quoted, fields)?,
            WordPart::CommandSubstitution(program) => {
                let output = self.command_substitution(program)?;
                fields.expansion(&output, quoted);
            }
            WordPart::Arithmetic(expression) => {
                let value = self.arithmetic(expression)?;
                fields.expansion(&value.to_string(), quoted);
            }
        }
        Ok(())
    }

    /// The word inside `${name-word}` and its family, quoted as the expansion is: its
    /// unquoted text is split like the result of an expansion.
    fn expand_nested(
        &mut self,
        word: &Word,
        quoted: bool,
        fields: &mut Fields,
    ) -> Result<(), Flow> {
        for part in &word.parts {
            self.expand_part(part, quoted, fields)?;
        }
        Ok(())
    }

    /// The value of a parameter: variables, positional and special parameters.
    pub fn parameter_value(&mut self, name: &str) -> Option<String> {
        let state = &self.state;
        Some(match name {
            "?" => state.last_status.to_string(),
            "$" => state.pid.to_string(),
            "!" => state.last_background?.to_string(),
            "#" => state.positional.len().to_string(),
            "-" => state.options.letters(),
            "0" => state.script_name.clone(),
            "@" | "*" if state.positional.is_empty() => return None,
            "@" | "*" => state.positional.join(" "),
            "LINENO" => state.line.to_string(),
            "RANDOM" => self.next_random().to_string(),
            _ if name.bytes().all(|b| b.is_ascii_digit()) => {
                let index = name.parse::<usize>().ok()?.checked_sub(1)?;
                state.positional.get(index)?.clone()
            }
            _ => state.vars.get(name)?.to_string(),
        })
    }

    /// A parameter's value where one is needed: with `set -u`, an unset one is fatal.
    fn required_value(&mut self, name: &str) -> Result<String, Flow> {
        match self.parameter_value(name) {
            Some(value) => Ok(value),
            None if self.state.options.nounset && !matches!(name, "@" | "*") => {
                self.report(format_args!("{name}: unbound variable"));
                Err(Flow::Exit(EXPANSION_ERROR_STATUS))
            }
            None => Ok(String::new()),
        }
    }

    fn expand_parameter(
        &mut self,
        expansion: &ParameterExpansion,
        quoted: bool,
        fields: &mut Fields,
    ) -> Result<(), Flow> {
        let name = expansion.name.as_str();
        let is_list = matches!(name, "@" | "*");
        match &expansion.operation {
            ParameterOperation::Value if is_list => {
                let params = self.state.positional.clone();
                self.expand_list(&params, name == "*", quoted, fields);
            }
            ParameterOperation::Value => {
                let value = self.required_value(name)?;
                fields.expansion(&value, quoted);
            }
            ParameterOperation::Length => {
                let length = if is_list {
                    self.state.positional.len()
                } else {
                    self.required_value(name)?.chars().count()
                };
                fields.expansion(&length.to_string(), quoted);
            }
            ParameterOperation::Fallback {
                kind,
                if_empty,
                word,
            } => {
                let value = self.parameter_value(name);
                let is_set = value.as_ref().is_some_and(|v| !(*if_empty && v.is_empty()));
                match (kind, is_set) {
                    (FallbackKind::UseAlternative, true) | (FallbackKind::UseDefault, false) => {
                        self.expand_nested(word, quoted, fields)?;
                    }
                    (FallbackKind::UseAlternative, false) => {}
                    (FallbackKind::AssignDefault, false) => {
                        let value = self.expand_to_string(word)?;
                        if !is_name(name) {
                            self.report(format_args!("${name}: cannot assign in this way"));
                            return Err(Flow::Exit(1));
                        }
                        if self.assign(name, value.clone()).is_err() {
                            return Err(Flow::Exit(1));
                        }
                        fields.expansion(&value, quoted);
                    }
                    (FallbackKind::Error, false) => {
                        let message = self.expand_to_string(word)?;
                        let message = if message.is_empty() {
                            "parameter null or not set".to_string()
                        } else {
                            message
                        };
                        self.report(format_args!("{name}: {message}"));
                        return Err(Flow::Exit(EXPANSION_ERROR_STATUS));
                    }
                    (_, true) if is_list => {
                        let params = self.state.positional.clone();
                        self.expand_list(&params, name == "*", quoted, fields);
                    }
                    (_, true) => fields.expansion(&value.unwrap_or_default(), quoted),
                }
            }
            ParameterOperation::Substring { offset, length } => {
                let offset = self.arithmetic(offset)?;
                let length = match length {
                    Some(word) => Some(self.arithmetic(word)?),
                    None => None,
                };
                if is_list {
                    let mut all = vec![self.state.script_name.clone()];
                    all.extend(self.state.positional.iter().cloned());
                    let params = slice(&all, offset, length).to_vec();
                    self.expand_list(&params, name == "*", quoted, fields);
                } else {
                    let chars: Vec<char> = self.required_value(name)?.chars().collect();
                    let text: String = slice(&chars, offset, length).iter().collect();
                    fields.expansion(&text, quoted);
                }
            }
            operation => {
                let value = self.required_value(name)?;
                let result = self.transform(&value, operation)?;
                fields.expansion(&result, quoted);
            }
        }
        Ok(())
    }

    /// The pattern and case operations on a value.
    fn transform(&mut self, value: &str, operation: &ParameterOperation) -> Result<String, Flow> {
        Ok(match operation {
            ParameterOperation::RemovePrefix { pattern, longest } => {
                self.expand_pattern(pattern)?.remove_prefix(value, *longest)
            }
            ParameterOperation::RemoveSuffix { pattern, longest } => {
                self.expand_pattern(pattern)?.remove_suffix(value, *longest)
            }
            ParameterOperation::Replace {
                pattern,
                replacement,
                mode,
            } => {
                let pattern = self.expand_pattern(pattern)?;
                let replacement = self.expand_to_string(replacement)?;
                pattern.replace(value, &replacement, *mode)
            }
            ParameterOperation::ChangeCase { upper, all } => {
                let change = |c: char| -> String {
                    if *upper {
                        c.to_uppercase().collect()
                    } else {
                        c.to_lowercase().collect()
                    }
                };
                let mut chars = value.chars();
                if *all {
                    chars.map(change).collect()
                } else {
                    chars
                        .next()
                        .map(|first| change(first) + chars.as_str())
                        .unwrap_or_default()
                }
            }
            _ => value.to_string(),
        })
    }

    /// `$@` and `$*`: one field per parameter, or (`"$*"`) one joined by `IFS`'s first
    /// character.
    fn expand_list(&mut self, params: &[String], star: bool, quoted: bool, fields: &mut Fields) {
        let joined = fields.ifs.is_none();
        if joined || (quoted && star) {
            let separator = match self.state.vars.get("IFS") {
                Some(ifs) if star => ifs.chars().next().map(String::from).unwrap_or_default(),
                _ => " ".to_string(),
            };
            fields.expansion(&params.join(&separator), quoted);
        } else if quoted {
            for (index, param) in params.iter().enumerate() {
                if index > 0 {
                    fields.separate();
                }
                fields.text(param, true);
            }
        } else {
            for (index, param) in params.iter().enumerate() {
                if index > 0 {
                    fields.delimit();
                }
                fields.expansion(param, false);
            }
        }
    }

    /// Evaluates an arithmetic word; an error is reported and fatal.
    pub fn arithmetic(&mut self, expression: &Word) -> Result<i64, Flow> {
        let text = self.expand_to_string(expression)?;
        match arith::evaluate(&text, &mut ArithmeticScope { shell: self }) {
            Ok(value) => Ok(value),
            Err(error) => {
                self.report(error);
                Err(Flow::Exit(1))
            }
        }
    }

    /// `$(...)`: runs `program` in a subshell and takes its output, without the trailing
    /// newlines.
    pub fn command_substitution(&mut self, program: &Program) -> Result<String, Flow> {
        let capture = Rc::new(RefCell::new(Vec::new()));
        let mut state = self.subshell_state();
        state.fds.set(1, Some(Target::Capture(capture.clone())));
        let status = self.run_subshell(state, |shell| shell.run_program(program));
        self.state.fds.finish_drains_into(self.sys, &capture);
        self.state.substitution_status = Some(status);
        self.state.last_status = status;
        let mut output = String::from_utf8_lossy(&capture.borrow()).into_owned();
        output.truncate(output.trim_end_matches('\n').len());
        Ok(output)
    }
}

/// `"$@"` inside double quotes: with no parameters, it makes no field at all.
fn is_positional_list(part: &WordPart) -> bool {
    matches!(part, WordPart::Parameter(expansion)
        if expansion.name == "@" && expansion.operation != ParameterOperation::Length)
}

/// `${x:offset:length}` on a sequence: a negative offset counts from the end, a negative
/// length leaves that many out at the end.
fn slice<T>(items: &[T], offset: i64, length: Option<i64>) -> &[T] {
    let len = items.len() as i64;
    let start = if offset < 0 { len + offset } else { offset };
    if start < 0 || start > len {
        return &[];
    }
    let end = match length {
        None => len,
        Some(length) if length < 0 => len + length,
        Some(length) => (start + length).min(len),
    };
    if end < start {
        return &[];
    }
    &items[start as usize..end as usize]
}

/// Shell variables as arithmetic sees them.
struct ArithmeticScope<'a, 's> {
    shell: &'a mut Shell<'s>,
}

impl ArithmeticVariables for ArithmeticScope<'_, '_> {
    fn get(&mut self, name: &str) -> Option<String> {
        self.shell.parameter_value(name)
    }

    fn set(&mut self, name: &str, value: i64) -> Result<(), String> {
        let export = self.shell.state.options.allexport;
        self.shell
            .state
            .vars
            .set(name, value.to_string(), export)
            .map_err(|error| format!("{}: readonly variable", error.0))
    }
}
