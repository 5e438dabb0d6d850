//! A list follows `@odata.nextLink` to the last page (`pages::Pages`), with
//! the query of the first request, and refuses a link to another origin.

mod common;

use common::{CONFIG_ID, emulator::Emulator, targets::target};
use intune_assignments::{
    Client, Error, connect,
    pages::{Pages, next_page},
};

/// Creates an assignment to a target of `kind` and returns its id.
async fn create(client: &Client, kind: &str) -> String {
    common::create(client, target(kind, "#"))
        .await
        .id
        .expect("an id")
        .to_string()
}

#[tokio::test]
async fn pages_follow_next_link_to_the_end() {
    let emulator = Emulator::start(&[]);
    let client = emulator.client();
    let mut created = Vec::new();
    for _ in 0..7 {
        created.push(create(&client, "allDevicesAssignmentTarget").await);
    }

    let mut pages = Pages::new(
        &client,
        client
            .list_assignments()
            .device_enrollment_configuration_id(CONFIG_ID)
            .top(3),
    );
    let mut sizes = Vec::new();
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("a page").into_inner();
        let last = ids.len() + page.value.len() == created.len();
        assert_eq!(
            page.odata_next_link.is_none(),
            last,
            "only the last page lacks @odata.nextLink"
        );
        sizes.push(page.value.len());
        ids.extend(
            page.value
                .into_iter()
                .map(|a| a.id.expect("an id").to_string()),
        );
    }
    assert_eq!(sizes, [3, 3, 1]);
    assert_eq!(ids, created);
    assert!(pages.next().await.is_none(), "the pages stay ended");
}

#[tokio::test]
async fn next_pages_keep_the_first_request_query() {
    // Pages of the emulator's own size (2) when the list has no $top.
    let emulator = Emulator::start(&["-page-size", "2"]);
    let client = emulator.client();
    let mut groups = Vec::new();
    for kind in [
        "groupAssignmentTarget",
        "allDevicesAssignmentTarget",
        "exclusionGroupAssignmentTarget",
    ]
    .repeat(3)
    {
        let id = create(&client, kind).await;
        if kind != "allDevicesAssignmentTarget" {
            groups.push(id);
        }
    }
    let all = Pages::new(
        &client,
        client
            .list_assignments()
            .device_enrollment_configuration_id(CONFIG_ID)
            .filter("isof(target, 'microsoft.graph.groupAssignmentTarget')")
            .select("id"),
    )
    .collect_all()
    .await
    .expect("every page");
    let ids: Vec<String> = all
        .iter()
        .map(|a| a.id.clone().expect("an id").to_string())
        .collect();
    assert_eq!(ids, groups);
    assert!(
        all.iter().all(|a| a.target.is_none()),
        "$select=id holds on every page"
    );
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused() {
    // Nothing listens on port 9: the link is refused before any request.
    let client = connect("http://127.0.0.1:9/beta", "token").expect("a client");
    for link in [
        "http://127.0.0.2:9/beta/x",
        "https://127.0.0.1:9/beta/x",
        "http://127.0.0.1:10/beta/x",
        "not a url",
    ] {
        match next_page(&client, link).await {
            Err(Error::InvalidRequest(message)) => {
                assert!(message.contains("@odata.nextLink"), "{message}")
            }
            other => panic!("{link}: want InvalidRequest, got {other:?}"),
        }
    }
}
