//! Following `@odata.nextLink` to the last page.
//!
//! A list answers one page; when more remain it carries `@odata.nextLink`, an
//! absolute URL to be followed unchanged (the spec describes it as a string,
//! not as an operation, so the generator makes no call for it). [`next_page`]
//! sends that GET with the client's own HTTP client and decodes the answer
//! into the same generated types as the first page.

use reqwest::{Url, header::ACCEPT};

use crate::{
    Client, ClientInfo, Error, GraphError, ResponseValue,
    builder::ListAssignments,
    types::{
        EnrollmentConfigurationAssignment, EnrollmentConfigurationAssignmentCollectionResponse,
    },
};

/// One page of a list.
pub type Page = EnrollmentConfigurationAssignmentCollectionResponse;

/// Reads the page at `next_link`, a page's `@odata.nextLink`.
///
/// The link must point at the client's own scheme, host and port: the client
/// sends its token with every request, and a link elsewhere is refused with
/// [`Error::InvalidRequest`] rather than followed. Every error status is read
/// as a Graph error body ([`Error::ErrorResponse`]), as the spec gives every
/// error that shape.
pub async fn next_page(
    client: &Client,
    next_link: &str,
) -> Result<ResponseValue<Page>, GraphError> {
    let url = Url::parse(next_link)
        .map_err(|err| Error::InvalidRequest(format!("@odata.nextLink {next_link:?}: {err}")))?;
    let base = Url::parse(client.baseurl())
        .map_err(|err| Error::InvalidRequest(format!("base URL {:?}: {err}", client.baseurl())))?;
    if url.origin() != base.origin() {
        return Err(Error::InvalidRequest(format!(
            "@odata.nextLink {next_link:?} leaves {}; refusing to send the token there",
            base.origin().ascii_serialization()
        )));
    }
    let response = client
        .client()
        .get(url)
        .header(ACCEPT, "application/json")
        .send()
        .await
        .map_err(Error::CommunicationError)?;
    let status = response.status();
    if status.is_success() {
        ResponseValue::from_response(response).await
    } else if status.is_client_error() || status.is_server_error() {
        Err(Error::ErrorResponse(
            ResponseValue::from_response(response).await?,
        ))
    } else {
        Err(Error::UnexpectedResponse(response))
    }
}

/// The pages of one list: the first from the generated request, then each
/// `@odata.nextLink` until a page has none.
pub struct Pages<'a> {
    client: &'a Client,
    state: State<'a>,
}

enum State<'a> {
    First(ListAssignments<'a>),
    Next(String),
    Done,
}

impl<'a> Pages<'a> {
    /// Starts at `first`, a `client.list_assignments()` request with its
    /// configuration id and query options set.
    pub fn new(client: &'a Client, first: ListAssignments<'a>) -> Self {
        Self {
            client,
            state: State::First(first),
        }
    }

    /// The next page, or `None` after the last one. After an error the pages
    /// end: the error is returned once, then `None`.
    pub async fn next(&mut self) -> Option<Result<ResponseValue<Page>, GraphError>> {
        let page = match std::mem::replace(&mut self.state, State::Done) {
            State::First(request) => request.send().await,
            State::Next(link) => next_page(self.client, &link).await,
            State::Done => return None,
        };
        if let Ok(Some(link)) = page.as_ref().map(|page| &page.odata_next_link) {
            self.state = State::Next(link.clone());
        }
        Some(page)
    }

    /// Every assignment of every remaining page, in order.
    pub async fn collect_all(
        mut self,
    ) -> Result<Vec<EnrollmentConfigurationAssignment>, GraphError> {
        let mut all = Vec::new();
        while let Some(page) = self.next().await {
            all.extend(page?.into_inner().value);
        }
        Ok(all)
    }
}
