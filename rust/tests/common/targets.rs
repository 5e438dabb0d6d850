use intune_assignments::types::{
    AllDevicesAssignmentTarget, AllLicensedUsersAssignmentTarget, AssignmentTarget,
    ConfigurationManagerCollectionAssignmentTarget, DeviceAndAppManagementAssignmentFilterType,
    DeviceAndAppManagementAssignmentTarget, ExclusionGroupAssignmentTarget, GroupAssignmentTarget,
};

/// The six target types by schema name, which is also their `@odata.type`
/// without `#microsoft.graph.`.
pub const KINDS: [&str; 6] = [
    "deviceAndAppManagementAssignmentTarget",
    "allDevicesAssignmentTarget",
    "allLicensedUsersAssignmentTarget",
    "groupAssignmentTarget",
    "exclusionGroupAssignmentTarget",
    "configurationManagerCollectionAssignmentTarget",
];

/// The two spellings of a type name: with and without the leading `#`.
pub const PREFIXES: [&str; 2] = ["#", ""];

pub const GROUP_ID: &str = "0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f";
pub const COLLECTION_ID: &str = "SMS00001";
pub const FILTER_ID: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/// A target of `kind`, built from the generated types, whose `@odata.type` is
/// written `{prefix}microsoft.graph.{kind}`, with an include filter.
pub fn target(kind: &str, prefix: &str) -> AssignmentTarget {
    let odata_type = format!("{prefix}microsoft.graph.{kind}");
    let filter_id = Some(FILTER_ID.to_string());
    let filter_type = Some(DeviceAndAppManagementAssignmentFilterType::Include);
    macro_rules! build {
        ($variant:ident { $($field:ident: $value:expr),* }) => {
            AssignmentTarget::from($variant {
                odata_type: odata_type.parse().expect("a type name of the variant"),
                device_and_app_management_assignment_filter_id: filter_id,
                device_and_app_management_assignment_filter_type: filter_type,
                $($field: $value.parse().expect("a valid id")),*
            })
        };
    }
    match kind {
        "deviceAndAppManagementAssignmentTarget" => {
            build!(DeviceAndAppManagementAssignmentTarget {})
        }
        "allDevicesAssignmentTarget" => build!(AllDevicesAssignmentTarget {}),
        "allLicensedUsersAssignmentTarget" => build!(AllLicensedUsersAssignmentTarget {}),
        "groupAssignmentTarget" => build!(GroupAssignmentTarget { group_id: GROUP_ID }),
        "exclusionGroupAssignmentTarget" => {
            build!(ExclusionGroupAssignmentTarget { group_id: GROUP_ID })
        }
        "configurationManagerCollectionAssignmentTarget" => {
            build!(ConfigurationManagerCollectionAssignmentTarget {
                collection_id: COLLECTION_ID
            })
        }
        other => panic!("no target kind {other}"),
    }
}

/// The generated variant a target decoded into, by kind, and its
/// `@odata.type` as read.
pub fn kind_of(target: &AssignmentTarget) -> (&'static str, String) {
    match target {
        AssignmentTarget::DeviceAndAppManagementAssignmentTarget(t) => (
            "deviceAndAppManagementAssignmentTarget",
            t.odata_type.to_string(),
        ),
        AssignmentTarget::AllDevicesAssignmentTarget(t) => {
            ("allDevicesAssignmentTarget", t.odata_type.to_string())
        }
        AssignmentTarget::AllLicensedUsersAssignmentTarget(t) => {
            ("allLicensedUsersAssignmentTarget", t.odata_type.to_string())
        }
        AssignmentTarget::GroupAssignmentTarget(t) => {
            ("groupAssignmentTarget", t.odata_type.to_string())
        }
        AssignmentTarget::ExclusionGroupAssignmentTarget(t) => {
            ("exclusionGroupAssignmentTarget", t.odata_type.to_string())
        }
        AssignmentTarget::ConfigurationManagerCollectionAssignmentTarget(t) => (
            "configurationManagerCollectionAssignmentTarget",
            t.odata_type.to_string(),
        ),
    }
}
