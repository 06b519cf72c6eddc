//! Redirections: applying them to the shell's descriptor table, for one command (undone
//! afterwards) or for good (`exec`).

use secure_exec_system::OpenFlags;

use crate::ast::{Redirect, RedirectKind, Word};
use crate::fds::{MemoryInput, Target};
use crate::shell::{Flow, Shell, Status};

/// Why a redirection could not be made.
enum Failure {
    /// Already reported; the command fails with status 1.
    Reported,
    /// An expansion in the target cut the run short.
    Flow(Flow),
}

impl From<Flow> for Failure {
    fn from(flow: Flow) -> Failure {
        Failure::Flow(flow)
    }
}

impl Failure {
    fn into_status(self) -> Status {
        match self {
            Failure::Reported => Ok(1),
            Failure::Flow(flow) => Err(flow),
        }
    }
}

impl Shell<'_> {
    /// Runs `body` with `redirects` applied, then puts the descriptors back.
    pub fn with_redirects(
        &mut self,
        redirects: &[Redirect],
        body: impl FnOnce(&mut Self) -> Status,
    ) -> Status {
        if redirects.is_empty() {
            return body(self);
        }
        self.state.fds.begin_scope();
        let applied = redirects
            .iter()
            .try_for_each(|redirect| self.redirect(redirect, true));
        let result = match applied {
            Ok(()) => body(self),
            Err(failure) => failure.into_status(),
        };
        self.state.fds.end_scope(self.sys);
        result
    }

    /// `exec` without a command: the redirections stay.
    pub fn redirect_permanently(&mut self, redirects: &[Redirect]) -> Status {
        let applied = redirects
            .iter()
            .try_for_each(|redirect| self.redirect(redirect, false));
        self.state.fds.release_unreferenced(self.sys);
        match applied {
            Ok(()) => Ok(0),
            Err(failure) => failure.into_status(),
        }
    }

    /// Applies one redirection; `scoped` ones are undone when their scope ends.
    fn redirect(&mut self, redirect: &Redirect, scoped: bool) -> Result<(), Failure> {
        let fd = redirect.fd.unwrap_or_else(|| redirect.kind.default_fd());
        let point = |shell: &mut Self, fd: u32, target: Option<Target>| {
            if scoped {
                shell.state.fds.set_scoped(fd, target);
            } else {
                shell.state.fds.set(fd, target);
            }
        };
        match &redirect.kind {
            RedirectKind::Read(word) => {
                let target = self.open_target(word, OpenFlags::READ)?;
                point(self, fd, Some(target));
            }
            RedirectKind::Write(word) | RedirectKind::Clobber(word) => {
                let force = matches!(redirect.kind, RedirectKind::Clobber(_));
                let target = self.open_for_writing(word, force)?;
                point(self, fd, Some(target));
            }
            RedirectKind::Append(word) => {
                let target = self.open_target(word, OpenFlags::APPEND)?;
                point(self, fd, Some(target));
            }
            RedirectKind::ReadWrite(word) => {
                let flags = OpenFlags {
                    write: true,
                    create: true,
                    ..OpenFlags::READ
                };
                let target = self.open_target(word, flags)?;
                point(self, fd, Some(target));
            }
            RedirectKind::WriteBoth(word) | RedirectKind::AppendBoth(word) => {
                let target = if matches!(redirect.kind, RedirectKind::AppendBoth(_)) {
                    self.open_target(word, OpenFlags::APPEND)?
                } else {
                    self.open_for_writing(word, false)?
                };
                point(self, 1, Some(target.clone()));
                point(self, 2, Some(target));
            }
            RedirectKind::DuplicateInput(word) | RedirectKind::DuplicateOutput(word) => {
                let text = self.expand_to_string(word)?;
                if text == "-" {
                    point(self, fd, None);
                } else if let Ok(source) = text.parse::<u32>() {
                    let Some(target) = self.state.fds.get(source) else {
                        self.report(format_args!("{source}: Bad file descriptor"));
                        return Err(Failure::Reported);
                    };
                    point(self, fd, Some(target));
                } else if redirect.fd.is_none()
                    && matches!(redirect.kind, RedirectKind::DuplicateOutput(_))
                {
                    let target = self.create_file(&text, false)?;
                    point(self, 1, Some(target.clone()));
                    point(self, 2, Some(target));
                } else {
                    self.report(format_args!("{text}: ambiguous redirect"));
                    return Err(Failure::Reported);
                }
            }
            RedirectKind::HereDocument(body) => {
                let text = self.expand_to_string(body)?;
                point(
                    self,
                    fd,
                    Some(Target::Input(MemoryInput::new(text.into_bytes()))),
                );
            }
            RedirectKind::HereString(word) => {
                let mut text = self.expand_to_string(word)?;
                text.push('\n');
                point(
                    self,
                    fd,
                    Some(Target::Input(MemoryInput::new(text.into_bytes()))),
                );
            }
        }
        Ok(())
    }

    /// The path a redirection names: exactly one field.
    fn redirect_path(&mut self, word: &Word) -> Result<String, Failure> {
        let mut fields = self.expand_words(std::slice::from_ref(word))?;
        if fields.len() != 1 {
            let text = fields.join(" ");
            self.report(format_args!("{text}: ambiguous redirect"));
            return Err(Failure::Reported);
        }
        Ok(fields.remove(0))
    }

    fn open_target(&mut self, word: &Word, flags: OpenFlags) -> Result<Target, Failure> {
        let path = self.redirect_path(word)?;
        self.open_path(&path, flags)
    }

    /// `>`: with `noclobber`, an existing regular file is refused unless `force` (`>|`).
    fn open_for_writing(&mut self, word: &Word, force: bool) -> Result<Target, Failure> {
        let path = self.redirect_path(word)?;
        self.create_file(&path, force)
    }

    fn create_file(&mut self, path: &str, force: bool) -> Result<Target, Failure> {
        if self.state.options.noclobber
            && !force
            && self.sys.stat(path).is_ok_and(|stat| stat.is_file())
        {
            self.report(format_args!("{path}: cannot overwrite existing file"));
            return Err(Failure::Reported);
        }
        self.open_path(path, OpenFlags::TRUNCATE)
    }

    fn open_path(&mut self, path: &str, flags: OpenFlags) -> Result<Target, Failure> {
        match self.sys.open(path, flags, 0o666) {
            Ok(fd) => {
                self.state.fds.adopt(fd);
                Ok(Target::Kernel(fd))
            }
            Err(error) => {
                self.report(format_args!("{path}: {error}"));
                Err(Failure::Reported)
            }
        }
    }
}
