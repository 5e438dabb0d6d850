//! Sends a step: a valid one through the generated client's method for its
//! operation, an invalid one (a request that breaks the spec on purpose, which
//! the typed client cannot build) raw with reqwest. Either way the answer's
//! body is decoded into the generated types and encoded again.

use std::collections::BTreeMap;

use intune_assignments::{Client, Error, GraphError, ResponseValue, count::CountExt, types};
use reqwest::{
    Url,
    header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue},
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

use super::file::Step;

/// An answer, its body as the generated types encode it again.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Body,
}

pub enum Body {
    /// A body the step's operation defines none for (204).
    None,
    Json(Value),
    /// The `$count` integer.
    Count(u64),
}

pub struct Sender {
    /// The version root, `http://ADDR/beta`.
    pub base: String,
    pub spec_root: String,
    /// The token of each kind.
    pub tokens: BTreeMap<String, String>,
}

impl Sender {
    pub async fn send(&self, step: &Step) -> Result<Answer, String> {
        let headers = self.headers(step)?;
        if step.valid {
            self.typed(step, headers).await
        } else {
            self.raw(step, headers).await
        }
    }

    /// The step's headers and its token's Authorization.
    fn headers(&self, step: &Step) -> Result<HeaderMap, String> {
        let mut headers = HeaderMap::new();
        if step.token != "none" {
            let token = self
                .tokens
                .get(&step.token)
                .ok_or_else(|| format!("no token of kind {:?}", step.token))?;
            headers.insert(AUTHORIZATION, header_value(&format!("Bearer {token}"))?);
        }
        for (name, value) in &step.headers {
            let name = HeaderName::try_from(name.as_str())
                .map_err(|err| format!("header {name}: {err}"))?;
            headers.insert(name, header_value(value)?);
        }
        Ok(headers)
    }

    /// Calls the generated method of the step's operation. The generated
    /// methods take no headers, so they go in a client of the step's own.
    async fn typed(&self, step: &Step, headers: HeaderMap) -> Result<Answer, String> {
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .map_err(|err| err.to_string())?;
        let client = Client::new_with_client(&self.base, http);
        let config = step
            .path_params
            .get("deviceEnrollmentConfigurationId")
            .cloned()
            .unwrap_or_default();
        let assignment = step
            .path_params
            .get("enrollmentConfigurationAssignmentId")
            .cloned()
            .unwrap_or_default();
        let query = Query(step);
        match step.operation_id.as_str() {
            "listAssignments" => {
                let mut request = client
                    .list_assignments()
                    .device_enrollment_configuration_id(config);
                for name in query.names() {
                    request = match name {
                        "$top" => request.top(query.int::<u32>(name)?),
                        "$skip" => request.skip(query.int::<i32>(name)?),
                        "$count" => request.count(query.bool(name)?),
                        "$select" => request.select(query.string(name)?),
                        "$filter" => request.filter(query.string(name)?),
                        "$orderby" => request.orderby(query.string(name)?),
                        other => return Err(query.unknown(other)),
                    };
                }
                json(request.send().await)
            }
            "countAssignments" => {
                let mut request = client
                    .count_assignments()
                    .device_enrollment_configuration_id(config);
                for name in query.names() {
                    request = match name {
                        "$filter" => request.filter(query.string(name)?),
                        other => return Err(query.unknown(other)),
                    };
                }
                match request.send_count().await {
                    Ok(count) => Ok(Answer {
                        status: count.status().as_u16(),
                        headers: count.headers().clone(),
                        body: Body::Count(*count),
                    }),
                    Err(err) => graph_error(err),
                }
            }
            "getAssignment" => {
                let mut request = client
                    .get_assignment()
                    .device_enrollment_configuration_id(config)
                    .enrollment_configuration_assignment_id(assignment);
                for name in query.names() {
                    request = match name {
                        "$select" => request.select(query.string(name)?),
                        other => return Err(query.unknown(other)),
                    };
                }
                json(request.send().await)
            }
            "createAssignment" => {
                query.none()?;
                let body: types::NewEnrollmentConfigurationAssignment = decode_body(step)?;
                json(
                    client
                        .create_assignment()
                        .device_enrollment_configuration_id(config)
                        .body(body)
                        .send()
                        .await,
                )
            }
            "updateAssignment" => {
                query.none()?;
                let body: types::EnrollmentConfigurationAssignmentUpdate = decode_body(step)?;
                json(
                    client
                        .update_assignment()
                        .device_enrollment_configuration_id(config)
                        .enrollment_configuration_assignment_id(assignment)
                        .body(body)
                        .send()
                        .await,
                )
            }
            "deleteAssignment" => {
                query.none()?;
                empty(
                    client
                        .delete_assignment()
                        .device_enrollment_configuration_id(config)
                        .enrollment_configuration_assignment_id(assignment)
                        .send()
                        .await,
                )
            }
            "assign" => {
                query.none()?;
                let body: types::AssignRequest = decode_body(step)?;
                empty(
                    client
                        .assign()
                        .device_enrollment_configuration_id(config)
                        .body(body)
                        .send()
                        .await,
                )
            }
            "assignQualified" => {
                query.none()?;
                let body: types::AssignRequest = decode_body(step)?;
                empty(
                    client
                        .assign_qualified()
                        .device_enrollment_configuration_id(config)
                        .body(body)
                        .send()
                        .await,
                )
            }
            "batch" => {
                query.none()?;
                let body: types::BatchRequestContent = decode_body(step)?;
                json(client.batch().body(body).send().await)
            }
            other => Err(format!("no generated method for operation {other}")),
        }
    }

    /// Sends a request the spec does not allow, as it is, and reads the
    /// answer's error body into the generated `types::OdataError`.
    async fn raw(&self, step: &Step, mut headers: HeaderMap) -> Result<Answer, String> {
        let mut url = Url::parse(&self.base).map_err(|err| err.to_string())?;
        {
            let mut segments = url
                .path_segments_mut()
                .map_err(|()| "a base URL that cannot hold a path".to_string())?;
            for segment in step.path.trim_start_matches('/').split('/') {
                let name = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
                match name {
                    Some(name) => segments.push(
                        step.path_params
                            .get(name)
                            .ok_or_else(|| format!("no path parameter {name}"))?,
                    ),
                    None => segments.push(segment),
                };
            }
        }
        for (name, value) in &step.query {
            url.query_pairs_mut().append_pair(name, &plain(value));
        }
        let method =
            reqwest::Method::from_bytes(step.method.as_bytes()).map_err(|err| err.to_string())?;
        let mut request = reqwest::Client::new().request(method, url);
        if let Some(body) = &step.body {
            let content_type = step.content_type.as_deref().unwrap_or("application/json");
            headers.insert(CONTENT_TYPE, header_value(content_type)?);
            request = request.body(serde_json::to_vec(body).map_err(|err| err.to_string())?);
        }
        let response = request
            .headers(headers)
            .send()
            .await
            .map_err(|err| err.to_string())?;
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.bytes().await.map_err(|err| err.to_string())?;
        let body = if bytes.is_empty() {
            Body::None
        } else {
            let error: types::OdataError = serde_json::from_slice(&bytes).map_err(|err| {
                format!(
                    "status {status}: the body is no types::OdataError: {err}: {}",
                    String::from_utf8_lossy(&bytes)
                )
            })?;
            Body::Json(encode(&error)?)
        };
        Ok(Answer {
            status: status.as_u16(),
            headers,
            body,
        })
    }
}

/// The answer of a generated method whose success has a JSON body.
fn json<T: Serialize>(result: Result<ResponseValue<T>, GraphError>) -> Result<Answer, String> {
    match result {
        Ok(answer) => Ok(Answer {
            status: answer.status().as_u16(),
            headers: answer.headers().clone(),
            body: Body::Json(encode(&*answer)?),
        }),
        Err(err) => graph_error(err),
    }
}

/// The answer of a generated method whose success has no body.
fn empty(result: Result<ResponseValue<()>, GraphError>) -> Result<Answer, String> {
    match result {
        Ok(answer) => Ok(Answer {
            status: answer.status().as_u16(),
            headers: answer.headers().clone(),
            body: Body::None,
        }),
        Err(err) => graph_error(err),
    }
}

/// A documented error answer, as the generated `types::OdataError`; any other
/// error (transport, undocumented status, undecodable body) fails the step.
fn graph_error(err: GraphError) -> Result<Answer, String> {
    match err {
        Error::ErrorResponse(answer) => Ok(Answer {
            status: answer.status().as_u16(),
            headers: answer.headers().clone(),
            body: Body::Json(encode(&*answer)?),
        }),
        other => Err(format!("the generated client failed: {other}")),
    }
}

fn encode<T: Serialize>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|err| format!("encoding the decoded answer: {err}"))
}

/// The step's body decoded into the generated request type.
fn decode_body<T: DeserializeOwned>(step: &Step) -> Result<T, String> {
    let body = step.body.clone().ok_or("the step has no body")?;
    serde_json::from_value(body)
        .map_err(|err| format!("the body is no {}: {err}", std::any::type_name::<T>()))
}

fn header_value(value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value).map_err(|err| format!("header value {value:?}: {err}"))
}

/// A query value as a URL carries it: strings as they are, numbers and
/// booleans as JSON writes them.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The query options of a step, read as the generated setters take them.
struct Query<'a>(&'a Step);

impl Query<'_> {
    fn names(&self) -> impl Iterator<Item = &str> {
        self.0.query.keys().map(String::as_str)
    }

    fn none(&self) -> Result<(), String> {
        match self.names().next() {
            Some(name) => Err(self.unknown(name)),
            None => Ok(()),
        }
    }

    fn unknown(&self, name: &str) -> String {
        format!(
            "the generated {} call takes no query option {name}",
            self.0.operation_id
        )
    }

    fn string(&self, name: &str) -> Result<String, String> {
        self.0.query[name]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{name} is not a string"))
    }

    fn bool(&self, name: &str) -> Result<bool, String> {
        self.0.query[name]
            .as_bool()
            .ok_or_else(|| format!("{name} is not a boolean"))
    }

    fn int<T: TryFrom<i64>>(&self, name: &str) -> Result<T, String> {
        self.0.query[name]
            .as_i64()
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| format!("{name} is not an integer the generated setter takes"))
    }
}
