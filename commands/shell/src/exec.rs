//! Running the syntax tree: lists, `&&`/`||`, `-e`, compound commands, function calls,
//! and simple commands (assignments, tracing, finding what a name runs).

use std::rc::Rc;

use crate::ast::{
    AndOr, Assignment, CaseArm, CaseTerminator, Command, CompoundCommand, Connector, LoopKind,
    Pipeline, Program, SimpleCommand, Word,
};
use crate::builtins::{self, Builtin};
use crate::fds::{MemoryInput, Target};
use crate::quote::quote;
use crate::shell::{Flow, Shell, Status};

/// What a command name runs.
pub enum CommandKind {
    /// A special builtin (`export`, `exit`, ...): found before functions, and its prefix
    /// assignments stay.
    SpecialBuiltin(&'static Builtin),
    Function(Rc<Command>),
    Builtin(&'static Builtin),
    External,
}

/// Whether a loop goes on after its body ran.
enum LoopStep {
    Next,
    Stop,
}

impl Shell<'_> {
    pub fn run_program(&mut self, program: &Program) -> Status {
        let mut status = 0;
        for item in &program.items {
            status = if item.background {
                self.run_in_background(&item.and_or)?
            } else {
                self.run_and_or(&item.and_or)?
            };
            self.state.last_status = status;
        }
        Ok(status)
    }

    /// `a && b || c`: all but the pipeline that ends the list run as conditions.
    fn run_and_or(&mut self, and_or: &AndOr) -> Status {
        let Some((_, last)) = and_or.rest.last() else {
            return self.run_pipeline(&and_or.first);
        };
        let mut status = self.in_condition(|shell| shell.run_pipeline(&and_or.first))?;
        for (connector, pipeline) in &and_or.rest {
            let runs = match connector {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if !runs {
                continue;
            }
            status = if std::ptr::eq(pipeline, last) {
                self.run_pipeline(pipeline)?
            } else {
                self.in_condition(|shell| shell.run_pipeline(pipeline))?
            };
        }
        Ok(status)
    }

    /// `list &`: external pipelines start and are not waited for; anything else runs now,
    /// in a subshell, with its result kept for `wait`.
    fn run_in_background(&mut self, and_or: &AndOr) -> Status {
        if and_or.rest.is_empty() {
            self.run_stages(&and_or.first.commands, true);
            return Ok(0);
        }
        let mut state = self.subshell_state();
        state
            .fds
            .set(0, Some(Target::Input(MemoryInput::new(Vec::new()))));
        let status = self.run_subshell(state, |shell| shell.run_and_or(and_or));
        self.record_in_process_job(status);
        Ok(0)
    }

    fn run_pipeline(&mut self, pipeline: &Pipeline) -> Status {
        let run = |shell: &mut Self| match pipeline.commands.as_slice() {
            [command] => shell.run_command(command),
            commands => Ok(shell.run_stages(commands, false)),
        };
        let status = if pipeline.negated {
            i32::from(self.in_condition(run)? == 0)
        } else {
            run(self)?
        };
        self.state.last_status = status;
        if status != 0
            && !pipeline.negated
            && self.state.options.errexit
            && self.state.condition_depth == 0
        {
            return Err(Flow::Exit(status));
        }
        Ok(status)
    }

    pub fn run_command(&mut self, command: &Command) -> Status {
        match command {
            Command::Simple(simple) => self.run_simple(simple),
            Command::Compound { body, redirects } => {
                self.with_redirects(redirects, |shell| shell.run_compound(body))
            }
            Command::FunctionDefinition { name, body } => {
                self.state.functions.insert(name.clone(), body.clone());
                Ok(0)
            }
        }
    }

    fn run_compound(&mut self, body: &CompoundCommand) -> Status {
        match body {
            CompoundCommand::BraceGroup(program) => self.run_program(program),
            CompoundCommand::Subshell(program) => {
                Ok(self.subshell(|shell| shell.run_program(program)))
            }
            CompoundCommand::If {
                branches,
                otherwise,
            } => {
                for (condition, branch) in branches {
                    if self.in_condition(|shell| shell.run_program(condition))? == 0 {
                        return self.run_program(branch);
                    }
                }
                match otherwise {
                    Some(branch) => self.run_program(branch),
                    None => Ok(0),
                }
            }
            CompoundCommand::For {
                variable,
                items,
                body,
            } => self.run_for(variable, items.as_deref(), body),
            CompoundCommand::Loop {
                kind,
                condition,
                body,
            } => self.run_loop(*kind, condition, body),
            CompoundCommand::Case { subject, arms } => self.run_case(subject, arms),
            CompoundCommand::Arithmetic(expression) => {
                Ok(i32::from(self.arithmetic(expression)? == 0))
            }
        }
    }

    fn in_loop(&mut self, body: impl FnOnce(&mut Self) -> Status) -> Status {
        self.state.loop_depth += 1;
        let result = body(self);
        self.state.loop_depth -= 1;
        result
    }

    /// What `break` and `continue` from a loop's body mean for the loop.
    fn loop_step(result: Status, status: &mut i32) -> Result<LoopStep, Flow> {
        match result {
            Ok(code) => {
                *status = code;
                Ok(LoopStep::Next)
            }
            Err(Flow::Break(levels)) if levels > 1 => Err(Flow::Break(levels - 1)),
            Err(Flow::Break(_)) => {
                *status = 0;
                Ok(LoopStep::Stop)
            }
            Err(Flow::Continue(levels)) if levels > 1 => Err(Flow::Continue(levels - 1)),
            Err(Flow::Continue(_)) => {
                *status = 0;
                Ok(LoopStep::Next)
            }
            Err(flow) => Err(flow),
        }
    }

    fn run_for(&mut self, variable: &str, items: Option<&[Word]>, body: &Program) -> Status {
        let items = match items {
            Some(words) => self.expand_words(words)?,
            None => self.state.positional.clone(),
        };
        self.in_loop(|shell| {
            let mut status = 0;
            for item in items {
                if shell.assign(variable, item).is_err() {
                    return Ok(1);
                }
                let result = shell.run_program(body);
                if let LoopStep::Stop = Self::loop_step(result, &mut status)? {
                    break;
                }
            }
            Ok(status)
        })
    }

    fn run_loop(&mut self, kind: LoopKind, condition: &Program, body: &Program) -> Status {
        self.in_loop(|shell| {
            let mut status = 0;
            loop {
                let mut condition_status = 0;
                let tested = shell.in_condition(|shell| shell.run_program(condition));
                if let LoopStep::Stop = Self::loop_step(tested, &mut condition_status)? {
                    break;
                }
                let holds = condition_status == 0;
                if holds != (kind == LoopKind::While) {
                    break;
                }
                let result = shell.run_program(body);
                if let LoopStep::Stop = Self::loop_step(result, &mut status)? {
                    break;
                }
            }
            Ok(status)
        })
    }

    fn run_case(&mut self, subject: &Word, arms: &[CaseArm]) -> Status {
        let subject = self.expand_to_string(subject)?;
        let mut status = 0;
        let mut falling_through = false;
        for arm in arms {
            if !falling_through && !self.case_arm_matches(arm, &subject)? {
                continue;
            }
            status = self.run_program(&arm.body)?;
            match arm.terminator {
                CaseTerminator::Break => break,
                CaseTerminator::FallThrough => falling_through = true,
                CaseTerminator::Continue => falling_through = false,
            }
        }
        Ok(status)
    }

    fn case_arm_matches(&mut self, arm: &CaseArm, subject: &str) -> Result<bool, Flow> {
        for pattern in &arm.patterns {
            if self.expand_pattern(pattern)?.matches(subject) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn run_simple(&mut self, command: &SimpleCommand) -> Status {
        self.state.line = command.line;
        self.state.substitution_status = None;
        let argv = self.expand_words(&command.words)?;
        self.run_expanded(command, argv)
    }

    /// Runs a simple command whose words are already expanded into `argv`.
    pub fn run_expanded(&mut self, command: &SimpleCommand, argv: Vec<String>) -> Status {
        let Some(name) = argv.first() else {
            return self.run_assignments_only(command);
        };
        let kind = self.classify(name);
        let assignments = self.expand_assignments(command)?;
        self.trace(&assignments, &argv)?;
        match kind {
            CommandKind::External => self.with_redirects(&command.redirects, |shell| {
                Ok(shell.run_external(&argv, &assignments))
            }),
            CommandKind::SpecialBuiltin(builtin) if builtin.name == "exec" => {
                if argv.len() > 1 {
                    return self.with_redirects(&command.redirects, |shell| {
                        shell.replace_with_program(&argv[1..], &assignments)
                    });
                }
                for (name, value) in assignments {
                    self.assign(&name, value).map_err(|()| Flow::Exit(1))?;
                }
                self.redirect_permanently(&command.redirects)
            }
            CommandKind::SpecialBuiltin(builtin) => {
                for (name, value) in assignments {
                    self.assign(&name, value).map_err(|()| Flow::Exit(1))?;
                }
                self.with_redirects(&command.redirects, |shell| {
                    shell.run_builtin(builtin, &argv)
                })
            }
            CommandKind::Builtin(builtin) => self.with_redirects(&command.redirects, |shell| {
                shell.with_temporary_assignments(assignments, |shell| {
                    shell.run_builtin(builtin, &argv)
                })
            }),
            CommandKind::Function(body) => self.with_redirects(&command.redirects, |shell| {
                shell.with_temporary_assignments(assignments, |shell| {
                    shell.call_function(&body, &argv)
                })
            }),
        }
    }

    /// What running `name` means: special builtins, then functions, then builtins, then
    /// programs.
    pub fn classify(&self, name: &str) -> CommandKind {
        let builtin = builtins::find(name);
        match builtin {
            Some(builtin) if builtin.special => CommandKind::SpecialBuiltin(builtin),
            _ => match (self.state.functions.get(name), builtin) {
                (Some(body), _) => CommandKind::Function(body.clone()),
                (None, Some(builtin)) => CommandKind::Builtin(builtin),
                (None, None) => CommandKind::External,
            },
        }
    }

    /// Starts a program, waits for it and returns its status.
    pub fn run_external(&mut self, argv: &[String], assignments: &[(String, String)]) -> i32 {
        let env = self.child_environment(assignments);
        match self.start_external(argv, env, false) {
            Ok(child) => self.finish_child(child),
            Err(status) => status,
        }
    }

    /// `exec program args`: runs the program and ends the shell with its status.
    pub fn replace_with_program(
        &mut self,
        argv: &[String],
        assignments: &[(String, String)],
    ) -> Status {
        let argv = match argv.first().map(String::as_str) {
            Some("--") => &argv[1..],
            _ => argv,
        };
        if argv.is_empty() {
            return Ok(0);
        }
        Err(Flow::Exit(self.run_external(argv, assignments)))
    }

    pub fn run_builtin(&mut self, builtin: &Builtin, argv: &[String]) -> Status {
        self.state.write_failed = false;
        let status = (builtin.run)(self, argv)?;
        Ok(if self.state.write_failed { 1 } else { status })
    }

    fn call_function(&mut self, body: &Command, argv: &[String]) -> Status {
        if !self.may_nest(&argv[0]) {
            return Ok(1);
        }
        let positional = std::mem::replace(&mut self.state.positional, argv[1..].to_vec());
        self.state.vars.push_scope();
        self.state.function_depth += 1;
        let result = self.run_command(body);
        self.state.function_depth -= 1;
        self.state.vars.pop_scope();
        self.state.positional = positional;
        match result {
            Err(Flow::Return(status)) => Ok(status),
            other => other,
        }
    }

    /// `NAME=value ...` with no command: the assignments stay. Assigning a readonly
    /// variable is fatal.
    fn run_assignments_only(&mut self, command: &SimpleCommand) -> Status {
        for assignment in &command.assignments {
            let value = self.assignment_value(assignment)?;
            self.trace(&[(assignment.name.clone(), value.clone())], &[])?;
            self.assign(&assignment.name, value)
                .map_err(|()| Flow::Exit(1))?;
        }
        self.with_redirects(&command.redirects, |shell| {
            Ok(shell.state.substitution_status.unwrap_or(0))
        })
    }

    /// A command's prefix assignments, expanded (for its environment or for a builtin).
    pub fn expand_assignments(
        &mut self,
        command: &SimpleCommand,
    ) -> Result<Vec<(String, String)>, Flow> {
        let mut assignments = Vec::new();
        for assignment in &command.assignments {
            let value = self.assignment_value(assignment)?;
            assignments.push((assignment.name.clone(), value));
        }
        Ok(assignments)
    }

    /// The value an assignment gives (`+=` appends to the current one).
    fn assignment_value(&mut self, assignment: &Assignment) -> Result<String, Flow> {
        let value = self.expand_assignment_value(&assignment.value)?;
        Ok(
            match (assignment.append, self.state.vars.get(&assignment.name)) {
                (true, Some(current)) => format!("{current}{value}"),
                _ => value,
            },
        )
    }

    /// Runs `body` with `assignments` set and exported, then puts the variables back.
    fn with_temporary_assignments(
        &mut self,
        assignments: Vec<(String, String)>,
        body: impl FnOnce(&mut Self) -> Status,
    ) -> Status {
        let mut previous = Vec::new();
        let mut result = Ok(0);
        for (name, value) in assignments {
            previous.push((name.clone(), self.state.vars.variable(&name).cloned()));
            if let Err(error) = self.state.vars.set(&name, value, true) {
                self.report(format_args!("{}: readonly variable", error.0));
                result = Ok(1);
                break;
            }
        }
        if result == Ok(0) {
            result = body(self);
        }
        for (name, variable) in previous.into_iter().rev() {
            self.state.vars.restore(&name, variable);
        }
        result
    }

    /// The environment of a child: exported variables and the command's assignments.
    pub fn child_environment(&self, assignments: &[(String, String)]) -> Vec<(String, String)> {
        let mut env = self.state.vars.environment();
        for (name, value) in assignments {
            env.retain(|(existing, _)| existing != name);
            env.push((name.clone(), value.clone()));
        }
        env
    }

    /// `set -x`: prints the command about to run on standard error.
    pub fn trace(&mut self, assignments: &[(String, String)], argv: &[String]) -> Result<(), Flow> {
        if !self.state.options.xtrace {
            return Ok(());
        }
        let words: Vec<String> = assignments
            .iter()
            .map(|(name, value)| format!("{name}={}", quote(value)))
            .chain(argv.iter().map(|arg| quote(arg)))
            .collect();
        let prefix = self.state.vars.get("PS4").unwrap_or("+ ");
        let line = format!("{prefix}{}\n", words.join(" "));
        self.write_fd(2, line.as_bytes())
    }
}
