//! A lean HTTP/1.1 client for one keep-alive connection: one request written, one response
//! read (by `Content-Length`), buffers reused, so the driver itself adds little to what is
//! counted.
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The bytes of a request with `body` (of type `content_type`; a GET's empty body has none).
pub fn request(method: &str, target: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("{method} {target} HTTP/1.1\r\nHost: bench\r\n").into_bytes();
    if !body.is_empty() || method == "POST" {
        bytes.extend_from_slice(
            format!(
                "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                body.len()
            )
            .as_bytes(),
        );
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(body);
    bytes
}

/// Status and body length of one response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
        // The head is parsed once; after that only the length is awaited, so a response
        // that arrives in several pieces costs this side no more than one in a piece.
        let mut expected: Option<(Answer, usize)> = None;
        loop {
            if expected.is_none() {
                expected = complete_head(&self.buffer)?;
            }
            if let Some((answer, total)) = &expected {
                if self.buffer.len() >= *total {
                    let answer = *answer;
                    self.buffer.drain(..*total);
                    return Ok(answer);
                }
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

/// The response whose head starts `bytes`, and its whole length (head and body), once the
/// head is there.
fn complete_head(bytes: &[u8]) -> Result<Option<(Answer, usize)>, String> {
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
    Ok(Some((
        Answer {
            status,
            body_len: length,
        },
        head_end + 4 + length,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_carry_their_body() {
        let bytes = request("POST", "/echo", "application/octet-stream", b"xxx");
        assert_eq!(
            bytes,
            b"POST /echo HTTP/1.1\r\nHost: bench\r\nContent-Type: application/octet-stream\r\n\
              Content-Length: 3\r\n\r\nxxx"
        );
        assert_eq!(
            request("GET", "/hello", "application/octet-stream", b""),
            b"GET /hello HTTP/1.1\r\nHost: bench\r\n\r\n"
        );
    }

    #[test]
    fn the_head_gives_the_whole_length() {
        let full = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhelloHTTP/1.1";
        assert_eq!(complete_head(&full[..20]), Ok(None));
        let (answer, total) = complete_head(full).unwrap().unwrap();
        assert_eq!(
            answer,
            Answer {
                status: 200,
                body_len: 5
            }
        );
        assert_eq!(&full[total..], b"HTTP/1.1");
    }

    #[test]
    fn a_response_without_length_is_an_error() {
        assert!(complete_head(b"HTTP/1.1 200 OK\r\n\r\n").is_err());
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
            .exchange(&mut client, &request("GET", "/x", "", b""))
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
