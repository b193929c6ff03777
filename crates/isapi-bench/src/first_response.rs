//! `isapi-bench first-response --url URL -- COMMAND…`: starts a server and returns as soon
//! as `GET URL` answers 200, then stops the server. `hyperfine` runs this to time a cold
//! start over the whole round trip: process start, load, first request.
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::options::Options;

const GIVE_UP_AFTER: Duration = Duration::from_secs(20);

pub fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let url = options.required("url")?;
    let (addr, target) = split_url(url)?;
    let (program, program_args) = options
        .rest
        .split_first()
        .ok_or("the server command follows `--`")?;
    let mut server = Command::new(program)
        .args(program_args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    let started = Instant::now();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let outcome = loop {
        if let Some(status) = first_status(addr, &request) {
            if status == 200 {
                break Ok(());
            }
        }
        if let Ok(Some(exit)) = server.try_wait() {
            break Err(format!("{program} exited before answering ({exit})"));
        }
        if started.elapsed() > GIVE_UP_AFTER {
            break Err(format!("no 200 from {url} within {GIVE_UP_AFTER:?}"));
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    let _ = server.kill();
    let _ = server.wait();
    outcome
}

/// The status code of `GET`, or `None` while nothing listens (or the answer is cut off).
fn first_status(addr: SocketAddr, request: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(GIVE_UP_AFTER)).ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut head = [0u8; 64];
    let mut filled = 0;
    while filled < 12 {
        let n = stream.read(&mut head[filled..]).ok()?;
        if n == 0 {
            return None;
        }
        filled += n;
    }
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// `http://127.0.0.1:PORT/path` → the address and `/path`.
fn split_url(url: &str) -> Result<(SocketAddr, &str), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("{url:?} is not an http:// URL"))?;
    let (authority, target) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr = authority
        .parse()
        .map_err(|_| format!("{authority:?} is not IP:PORT"))?;
    Ok((addr, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_address_and_target() {
        let (addr, target) = split_url("http://127.0.0.1:4000/hello?x=1").unwrap();
        assert_eq!(addr, "127.0.0.1:4000".parse().unwrap());
        assert_eq!(target, "/hello?x=1");
        assert_eq!(split_url("http://127.0.0.1:1").unwrap().1, "/");
        assert!(split_url("https://x/").is_err());
        assert!(split_url("http://localhost:1/").is_err());
    }
}
