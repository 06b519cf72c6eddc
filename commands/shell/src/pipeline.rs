//! Pipelines of more than one command (and anything run with `&`). Without `fork`, the
//! stages are split by where they run: external commands are spawned first, all at once,
//! joined by kernel pipes; then the stages that run inside the shell (builtins, functions,
//! compound commands) run one after the other, each as a subshell, left to right. An
//! in-process stage feeding another in-process stage writes into memory that the next one
//! reads; one feeding or fed by an external stage uses the kernel pipe, and output that an
//! in-process stage will read later is drained into memory meanwhile, so that no pipe
//! fills up with nobody reading it.

use secure_exec_system::Fd;

use crate::ast::Command;
use crate::exec::CommandKind;
use crate::external::Child;
use crate::fds::{Capture, MemoryInput, SharedInput, Target};
use crate::shell::{Flow, Shell, State};

enum Plan {
    /// A program, its words expanded.
    External(Vec<String>),
    /// Runs in the shell; simple commands keep their expanded words.
    InProcess(Option<Vec<String>>),
    /// Expanding the words failed with this status; the stage does not run.
    Failed(i32),
}

struct Stage<'c> {
    command: &'c Command,
    /// The subshell state the stage runs with; taken when it runs.
    state: Option<State>,
    plan: Plan,
    /// Kernel pipe ends only this stage uses; closed once it is spawned or has run.
    pipe_ends: Vec<Fd>,
    /// Input streamed from the external stage before this in-process one.
    streamed_input: Option<SharedInput>,
    /// Where the in-process stage before this in-process one writes.
    captured_input: Option<Capture>,
    /// Where this in-process stage writes for the next one.
    captured_output: Option<Capture>,
    child: Option<Child>,
    status: i32,
}

impl Stage<'_> {
    fn is_external(&self) -> bool {
        matches!(self.plan, Plan::External(_))
    }

    fn state(&mut self) -> &mut State {
        self.state.as_mut().expect("the stage has not run yet")
    }
}

/// The status a flow that ended a stage leaves.
fn flow_status(flow: Flow) -> i32 {
    match flow {
        Flow::Exit(status) | Flow::Return(status) => status,
        Flow::Break(_) | Flow::Continue(_) => 0,
    }
}

impl Shell<'_> {
    /// Runs `commands` as a pipeline and returns its status; with `background`, nothing
    /// is waited for and `$!` names the last stage.
    pub fn run_stages(&mut self, commands: &[Command], background: bool) -> i32 {
        let mut stages: Vec<Stage> = commands
            .iter()
            .map(|command| self.plan_stage(command))
            .collect();
        if background {
            stages[0]
                .state()
                .fds
                .set(0, Some(Target::Input(MemoryInput::new(Vec::new()))));
        }
        if let Err(error) = self.connect_stages(&mut stages) {
            self.report(format_args!("pipe: {error}"));
            for stage in &stages {
                self.close_all(&stage.pipe_ends);
            }
            return 1;
        }
        for stage in stages.iter_mut().filter(|stage| stage.is_external()) {
            self.spawn_stage(stage, background);
        }
        for stage in stages.iter_mut().filter(|stage| !stage.is_external()) {
            self.run_stage_in_process(stage);
        }
        if background {
            let last = stages.last().expect("a pipeline has stages");
            let last_ran_inside = last.child.is_none();
            let last_status = last.status;
            for child in stages.iter_mut().filter_map(|stage| stage.child.take()) {
                self.record_child_job(child.pid);
            }
            if last_ran_inside {
                self.record_in_process_job(last_status);
            }
            return 0;
        }
        for stage in &mut stages {
            if let Some(child) = stage.child.take() {
                stage.status = self.finish_child(child);
            }
        }
        let mut statuses = stages.iter().map(|stage| stage.status).rev();
        if self.state.options.pipefail {
            statuses.find(|status| *status != 0).unwrap_or(0)
        } else {
            statuses.next().unwrap_or(0)
        }
    }

    /// Expands a simple command's words (in the stage's own subshell state) to learn
    /// whether it runs a program.
    fn plan_stage<'c>(&mut self, command: &'c Command) -> Stage<'c> {
        let mut state = self.subshell_state();
        let plan = match command {
            Command::Simple(simple) => {
                let mut shell = Shell {
                    sys: &mut *self.sys,
                    state,
                };
                shell.state.line = simple.line;
                let expanded = shell.expand_words(&simple.words);
                state = shell.state;
                match expanded {
                    Ok(argv) => match argv.first().map(|name| self.classify(name)) {
                        Some(CommandKind::External) => Plan::External(argv),
                        _ => Plan::InProcess(Some(argv)),
                    },
                    Err(flow) => Plan::Failed(flow_status(flow)),
                }
            }
            _ => Plan::InProcess(None),
        };
        Stage {
            command,
            state: Some(state),
            plan,
            pipe_ends: Vec::new(),
            streamed_input: None,
            captured_input: None,
            captured_output: None,
            child: None,
            status: 0,
        }
    }

    /// Joins each stage's standard output to the next one's standard input.
    fn connect_stages(&mut self, stages: &mut [Stage]) -> Result<(), secure_exec_system::Errno> {
        for index in 1..stages.len() {
            let (left, right) = stages.split_at_mut(index);
            let (writer, reader) = (&mut left[index - 1], &mut right[0]);
            if !writer.is_external() && !reader.is_external() {
                let capture = Capture::default();
                writer
                    .state()
                    .fds
                    .set(1, Some(Target::Capture(capture.clone())));
                writer.captured_output = Some(capture.clone());
                reader.captured_input = Some(capture);
                continue;
            }
            let (read, write) = self.sys.pipe()?;
            writer.state().fds.set(1, Some(Target::Kernel(write)));
            writer.pipe_ends.push(write);
            if writer.is_external() && !reader.is_external() {
                let input = MemoryInput::streamed(read);
                self.state.fds.drain_into_input(&input);
                reader
                    .state()
                    .fds
                    .set(0, Some(Target::Input(input.clone())));
                reader.streamed_input = Some(input);
            } else {
                reader.state().fds.set(0, Some(Target::Kernel(read)));
                reader.pipe_ends.push(read);
            }
        }
        Ok(())
    }

    fn spawn_stage(&mut self, stage: &mut Stage, background: bool) {
        let (Plan::External(argv), Command::Simple(simple)) = (&stage.plan, stage.command) else {
            unreachable!("only simple commands run programs");
        };
        let mut shell = Shell {
            sys: &mut *self.sys,
            state: stage.state.take().expect("a stage is spawned once"),
        };
        let mut child = None;
        let result = shell.with_redirects(&simple.redirects, |shell| {
            let assignments = shell.expand_assignments(simple)?;
            shell.trace(&assignments, argv)?;
            let env = shell.child_environment(&assignments);
            match shell.start_external(argv, env, background) {
                Ok(started) => {
                    child = Some(started);
                    Ok(0)
                }
                Err(status) => Ok(status),
            }
        });
        stage.status = result.unwrap_or_else(flow_status);
        stage.child = child;
        self.close_all(&stage.pipe_ends);
    }

    fn run_stage_in_process(&mut self, stage: &mut Stage) {
        let mut state = stage.state.take().expect("a stage runs once");
        if let Some(capture) = &stage.captured_input {
            let data = std::mem::take(&mut *capture.borrow_mut());
            state
                .fds
                .set(0, Some(Target::Input(MemoryInput::new(data))));
        }
        if let Some(source) = stage
            .streamed_input
            .as_ref()
            .and_then(|i| i.borrow().source())
        {
            self.state.fds.stop_draining(source);
        }
        let command = stage.command;
        stage.status = match &stage.plan {
            Plan::Failed(status) => *status,
            Plan::InProcess(argv) => self.run_subshell(state, |shell| match (command, argv) {
                (Command::Simple(simple), Some(argv)) => shell.run_expanded(simple, argv.clone()),
                _ => shell.run_command(command),
            }),
            Plan::External(_) => unreachable!("external stages are spawned"),
        };
        if let Some(capture) = &stage.captured_output {
            self.state.fds.finish_drains_into(self.sys, capture);
        }
        self.close_all(&stage.pipe_ends);
        if let Some(source) = stage
            .streamed_input
            .as_ref()
            .and_then(|input| input.borrow_mut().take_source())
        {
            let _ = self.sys.close(source);
        }
    }

    fn close_all(&mut self, fds: &[Fd]) {
        for &fd in fds {
            let _ = self.sys.close(fd);
        }
    }
}
