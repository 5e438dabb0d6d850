//! `$count` as an integer.
//!
//! The spec answers `GET .../assignments/$count` with a `text/plain` integer,
//! which progenitor hands back as a byte stream ([`crate::ByteStream`]).
//! [`CountExt::send_count`] sends the generated request and reads that body as
//! the spec's `integer, format: int64, minimum: 0`.

use std::future::{Future, poll_fn};

use crate::{Error, GraphError, ResponseValue, builder::CountAssignments};

/// Adds [`send_count`](CountExt::send_count) to the generated
/// `count_assignments()` builder.
pub trait CountExt {
    /// Sends the request, like the generated `send()`, and returns the number
    /// in the body. A body that is not a non-negative integer is an
    /// [`Error::InvalidResponsePayload`] holding the bytes received.
    fn send_count(self) -> impl Future<Output = Result<ResponseValue<u64>, GraphError>> + Send;
}

impl CountExt for CountAssignments<'_> {
    async fn send_count(self) -> Result<ResponseValue<u64>, GraphError> {
        let response = self.send().await?;
        let (status, headers) = (response.status(), response.headers().clone());
        let mut stream = response.into_inner_stream();
        let mut body = Vec::new();
        while let Some(chunk) = poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            body.extend_from_slice(&chunk.map_err(Error::ResponseBodyError)?);
        }
        match parse(&body) {
            Ok(count) => Ok(ResponseValue::new(count, status, headers)),
            Err(err) => Err(Error::InvalidResponsePayload(body.into(), err)),
        }
    }
}

/// Reads a `$count` body. A JSON number is the same digits as the text/plain
/// integer; reading it as u64 refuses signs, fractions, exponents and leading
/// zeros, and allows the whitespace around it.
fn parse(body: &[u8]) -> Result<u64, serde_json::Error> {
    serde_json::from_slice(body)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_count_is_a_non_negative_integer() {
        for (body, want) in [
            ("0", 0),
            ("2", 2),
            ("2\n", 2),
            ("18446744073709551615", u64::MAX),
        ] {
            assert_eq!(super::parse(body.as_bytes()).ok(), Some(want), "{body:?}");
        }
        for body in [
            "",
            "-1",
            "+2",
            "2.0",
            "2e0",
            "02",
            "two",
            "\"2\"",
            "18446744073709551616",
        ] {
            assert!(super::parse(body.as_bytes()).is_err(), "{body:?}");
        }
    }
}
