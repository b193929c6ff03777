//! A lean HTTP/1.1 client for one keep-alive connection: one request written, one response
//! read (by `Content-Length`), buffers reused, so the driver itself adds little to what is
//! counted.
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The bytes of a request with a body of `body_bytes` bytes of `x`.
pub fn request(method: &str, target: &str, body_bytes: usize) -> Vec<u8> {
    let mut bytes = format!("{method} {target} HTTP/1.1\r\nHost: bench\r\n").into_bytes();
    if body_bytes > 0 || method == "POST" {
        bytes.extend_from_slice(
            format!("Content-Type: application/octet-stream\r\nContent-Length: {body_bytes}\r\n")
                .as_bytes(),
        );
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.resize(bytes.len() + body_bytes, b'x');
    bytes
}

/// Status and body length of one response.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body_len: usize,
}

/// A connection's read side: bytes received and not yet consumed.
#[derive(Default)]
pub struct Reader {
    buffer: Vec<u8>,
}

impl Reader {
    /// Writes `request` and reads its response.
    pub async fn exchange<S>(&mut self, stream: &mut S, request: &[u8]) -> Result<Answer, String>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        stream
            .write_all(request)
            .await
            .map_err(|e| format!("writing the request: {e}"))?;
        loop {
            if let Some((answer, used)) = complete_response(&self.buffer)? {
                self.buffer.drain(..used);
                return Ok(answer);
            }
            // Into spare capacity: nothing is zeroed or copied on the way.
            self.buffer.reserve(16 * 1024);
            let n = stream
                .read_buf(&mut self.buffer)
                .await
                .map_err(|e| format!("reading the response: {e}"))?;
            if n == 0 {
                return Err("the connection closed before a whole response".into());
            }
        }
    }
}

/// The response at the start of `bytes` and its length, once all of it is there.
fn complete_response(bytes: &[u8]) -> Result<Option<(Answer, usize)>, String> {
    let Some(head_end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = std::str::from_utf8(&bytes[..head_end]).map_err(|_| "a non-UTF-8 head")?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let length = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .ok_or_else(|| format!("no Content-Length in {head:?}"))?;
    let total = head_end + 4 + length;
    if bytes.len() < total {
        return Ok(None);
    }
    Ok(Some((
        Answer {
            status,
            body_len: length,
        },
        total,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_carry_their_body() {
        let bytes = request("POST", "/echo", 3);
        assert_eq!(
            bytes,
            b"POST /echo HTTP/1.1\r\nHost: bench\r\nContent-Type: application/octet-stream\r\n\
              Content-Length: 3\r\n\r\nxxx"
        );
        assert_eq!(
            request("GET", "/hello", 0),
            b"GET /hello HTTP/1.1\r\nHost: bench\r\n\r\n"
        );
    }

    #[test]
    fn a_response_is_complete_only_with_its_whole_body() {
        let full = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhelloHTTP/1.1";
        assert_eq!(complete_response(&full[..20]), Ok(None));
        assert_eq!(complete_response(&full[..40]), Ok(None));
        let (answer, used) = complete_response(full).unwrap().unwrap();
        assert_eq!(
            answer,
            Answer {
                status: 200,
                body_len: 5
            }
        );
        assert_eq!(&full[used..], b"HTTP/1.1");
    }

    #[test]
    fn a_response_without_length_is_an_error() {
        assert!(complete_response(b"HTTP/1.1 200 OK\r\n\r\n").is_err());
    }

    #[tokio::test]
    async fn an_exchange_over_a_duplex_stream() {
        let (mut client, mut server) = tokio::io::duplex(1024);
        let serve = tokio::spawn(async move {
            let mut request = [0u8; 64];
            let n = server.read(&mut request).await.unwrap();
            assert!(request[..n].starts_with(b"GET /x"));
            server
                .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno")
                .await
                .unwrap();
        });
        let mut reader = Reader::default();
        let answer = reader
            .exchange(&mut client, &request("GET", "/x", 0))
            .await
            .unwrap();
        assert_eq!(
            answer,
            Answer {
                status: 404,
                body_len: 2
            }
        );
        serve.await.unwrap();
    }
}
