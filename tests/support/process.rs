//! The compiled `sunshine serve` as a child process, with its output captured line by line.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `sunshine serve` and everything it has printed so far.
pub struct ServeProcess {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// Every line read so far, stdout and stderr interleaved.
    pub output: Vec<String>,
    /// Base URL it announced, e.g. `http://127.0.0.2:40123`.
    pub url: String,
}

impl ServeProcess {
    /// Starts `sunshine serve --bind <bind>` on `database_url` and waits for its URL.
    pub fn start(database_url: &str, bind: &str, env: &[(&str, &str)]) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sunshine"))
            .args(["serve", "--bind", bind])
            .env("DATABASE_URL", database_url)
            // Every process generates bulk files into a directory of its own.
            .env(
                "SUNSHINE__DATA__DIR",
                super::data_dir_for(&format!(
                    "serve-{}-{}",
                    std::process::id(),
                    database_url.rsplit('/').next().unwrap_or("default")
                )),
            )
            .env(
                "SUNSHINE__REPORTS__RECEIPT_SECRET_FILE",
                super::data_dir_for(&format!(
                    "serve-{}-{}",
                    std::process::id(),
                    database_url.rsplit('/').next().unwrap_or("default")
                ))
                .join("receipt-secret"),
            )
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sunshine");
        let (tx, lines) = mpsc::channel();
        let streams: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().expect("stdout")),
            Box::new(child.stderr.take().expect("stderr")),
        ];
        for stream in streams {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut process = ServeProcess {
            child,
            lines,
            output: Vec::new(),
            url: String::new(),
        };
        let announced = process.wait_for_line(Duration::from_secs(20), |l| l.contains("serving"));
        let at = announced.find("http").expect("serving line names its URL");
        process.url = announced[at..]
            .split_whitespace()
            .next()
            .expect("url")
            .to_owned();
        process
    }

    /// Reads output until a line satisfies `wanted`; panics with the output at the deadline.
    pub fn wait_for_line(&mut self, deadline: Duration, wanted: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let left = deadline.saturating_sub(start.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.output.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "expected line never came; output:\n{}",
                    self.output.join("\n")
                ),
            }
        }
    }

    /// Sends SIGTERM and waits (with a deadline) for the process to exit.
    pub fn terminate(&mut self, deadline: Duration) -> ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                self.output.extend(self.lines.try_iter());
                return status;
            }
            assert!(start.elapsed() < deadline, "sunshine ignored SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// All output as one text.
    pub fn log(&self) -> String {
        self.output.join("\n")
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
