//! What the tests share: the emulator they run against (`intune-emulator
//! serve` on a free loopback port, one per test, so that tests share no
//! state), targets built from the generated types, and the runner of the
//! shared contract vectors.
//!
//! The binaries are `$INTUNE_EMULATOR_BIN` and `$INTUNE_BROKEN_EMULATOR_BIN`
//! (`make test-rust` sets them to what `make emulators` built); without them
//! the tests build `./cmd/intune-emulator` and `./contract/brokenemulator`
//! with `go build`.

#![allow(dead_code)] // each test binary uses its own part of this module

pub mod emulator;
pub mod targets;
pub mod vectors;

/// A configuration that the emulator's built-in fixtures hold.
pub const CONFIG_ID: &str = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions";

/// The permission that reads but cannot write.
pub const READ_SCOPE: &str = "DeviceManagementServiceConfig.Read.All";

use intune_assignments::{Client, types};

/// Creates an assignment to `target` in [`CONFIG_ID`] and returns the
/// created assignment; panics on an error.
pub async fn create(
    client: &Client,
    target: types::AssignmentTarget,
) -> types::EnrollmentConfigurationAssignment {
    let sent = format!("{target:?}");
    client
        .create_assignment()
        .device_enrollment_configuration_id(CONFIG_ID)
        .body(types::NewEnrollmentConfigurationAssignment::builder().target(target))
        .send()
        .await
        .unwrap_or_else(|err| panic!("create {sent}: {err}"))
        .into_inner()
}

/// Reads the assignment `id` of [`CONFIG_ID`]; panics on an error.
pub async fn get(client: &Client, id: &str) -> types::EnrollmentConfigurationAssignment {
    client
        .get_assignment()
        .device_enrollment_configuration_id(CONFIG_ID)
        .enrollment_configuration_assignment_id(id)
        .send()
        .await
        .unwrap_or_else(|err| panic!("get {id}: {err}"))
        .into_inner()
}
