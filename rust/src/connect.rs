use std::{fmt, time::Duration};

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, InvalidHeaderValue};

use crate::Client;

/// How long a request may take, connecting included: the generated
/// `Client::new`'s default, kept for the client that [`connect`] builds.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Returns a client for the Graph version root `base_url` (for example
/// `https://graph.microsoft.com/beta`, or an emulator's
/// `http://127.0.0.1:PORT/beta`) that sends `Authorization: Bearer <token>`
/// with every request, the pages of [`crate::pages`] included.
///
/// The token is marked sensitive, so that reqwest leaves it out of its debug
/// output. For other settings (timeouts, a proxy) build the `reqwest::Client`
/// yourself and pass it to [`Client::new_with_client`].
pub fn connect(base_url: &str, token: &str) -> Result<Client, ConnectError> {
    let mut value =
        HeaderValue::from_str(&format!("Bearer {token}")).map_err(ConnectError::Token)?;
    value.set_sensitive(true);
    let headers = HeaderMap::from_iter([(AUTHORIZATION, value)]);
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .connect_timeout(TIMEOUT)
        .timeout(TIMEOUT)
        .build()
        .map_err(ConnectError::Http)?;
    Ok(Client::new_with_client(
        base_url.trim_end_matches('/'),
        http,
    ))
}

/// Why [`connect`] could not build a client.
#[derive(Debug)]
pub enum ConnectError {
    /// The token holds characters that an HTTP header cannot carry.
    Token(InvalidHeaderValue),
    /// reqwest could not build its client.
    Http(reqwest::Error),
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => {
                f.write_str("the access token cannot be sent in an Authorization header")
            }
            Self::Http(err) => write!(f, "building the HTTP client: {err}"),
        }
    }
}

impl std::error::Error for ConnectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Token(err) => Some(err),
            Self::Http(err) => Some(err),
        }
    }
}
