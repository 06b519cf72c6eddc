//! Signals and exit statuses. Guests cannot install handlers yet, so every signal the
//! kernel delivers ends the receiving process, which then reports the signal instead of
//! an exit code.

use std::fmt;

macro_rules! signals {
    ($($variant:ident = $number:literal),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Signal { $($variant),* }

        impl Signal {
            pub const ALL: &'static [Signal] = &[$(Signal::$variant),*];

            /// The Linux signal number.
            pub fn number(self) -> u8 {
                match self { $(Signal::$variant => $number),* }
            }

            /// The name as Node reports it (`'SIGTERM'`).
            pub fn name(self) -> &'static str {
                match self { $(Signal::$variant => stringify!($variant)),* }
            }
        }
    };
}

signals! {
    SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12,
    SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15,
}

impl Signal {
    /// Parses `SIGTERM`, `TERM` (any case) or `15`.
    pub fn parse(text: &str) -> Option<Signal> {
        if let Ok(number) = text.parse::<u8>() {
            return Signal::ALL.iter().copied().find(|s| s.number() == number);
        }
        let upper = text.to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        Signal::ALL.iter().copied().find(|s| &s.name()[3..] == bare)
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Exited(u8),
    Signaled(Signal),
}

impl ExitStatus {
    /// The status a shell reports in `$?`: the code, or 128 plus the signal number.
    pub fn shell_code(self) -> i32 {
        match self {
            ExitStatus::Exited(code) => i32::from(code),
            ExitStatus::Signaled(signal) => 128 + i32::from(signal.number()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_numbers() {
        assert_eq!(Signal::parse("SIGTERM"), Some(Signal::SIGTERM));
        assert_eq!(Signal::parse("kill"), Some(Signal::SIGKILL));
        assert_eq!(Signal::parse("2"), Some(Signal::SIGINT));
        assert_eq!(Signal::parse("SIGWINCH"), None);
        assert_eq!(ExitStatus::Signaled(Signal::SIGKILL).shell_code(), 137);
    }
}
