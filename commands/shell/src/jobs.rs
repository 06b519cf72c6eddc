//! Background jobs: what `&` started, for `$!` and `wait`.

use secure_exec_system::Pid;

use crate::shell::{Job, Shell};

impl Shell<'_> {
    /// A child started in the background.
    pub fn record_child_job(&mut self, pid: Pid) {
        self.state.jobs.push(Job { pid, status: None });
        self.state.last_background = Some(pid);
    }

    /// Background work that already ran inside the shell, ending with `status`.
    pub fn record_in_process_job(&mut self, status: i32) {
        let pid = self.state.next_in_process_job;
        self.state.next_in_process_job += 1;
        self.state.jobs.push(Job {
            pid,
            status: Some(status),
        });
        self.state.last_background = Some(pid);
    }

    /// Waits for job `pid` and forgets it; `None` if the shell has no such job.
    pub fn wait_job(&mut self, pid: Pid) -> Option<i32> {
        let index = self.state.jobs.iter().position(|job| job.pid == pid)?;
        let job = self.state.jobs.remove(index);
        Some(match job.status {
            Some(status) => status,
            None => self.wait_for(pid),
        })
    }

    /// Whether job `pid` is still running (one that ended is reaped and its status kept for
    /// `wait`); `None` if the shell has no such job.
    pub fn job_is_running(&mut self, pid: Pid) -> Option<bool> {
        let job = self.state.jobs.iter_mut().find(|job| job.pid == pid)?;
        if job.status.is_some() {
            return Some(false);
        }
        match self.sys.wait(Some(pid), true) {
            Ok(None) => Some(true),
            Ok(Some((_, status))) => {
                job.status = Some(status.code());
                Some(false)
            }
            Err(_) => Some(false),
        }
    }

    /// Waits for every job.
    pub fn wait_all_jobs(&mut self) {
        for job in std::mem::take(&mut self.state.jobs) {
            if job.status.is_none() {
                self.wait_for(job.pid);
            }
        }
    }
}
