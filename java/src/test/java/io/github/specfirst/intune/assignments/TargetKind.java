package io.github.specfirst.intune.assignments;

import io.github.specfirst.intune.assignments.model.AllDevicesAssignmentTarget;
import io.github.specfirst.intune.assignments.model.AllLicensedUsersAssignmentTarget;
import io.github.specfirst.intune.assignments.model.AssignmentTarget;
import io.github.specfirst.intune.assignments.model.ConfigurationManagerCollectionAssignmentTarget;
import io.github.specfirst.intune.assignments.model.DeviceAndAppManagementAssignmentTarget;
import io.github.specfirst.intune.assignments.model.ExclusionGroupAssignmentTarget;
import io.github.specfirst.intune.assignments.model.GroupAssignmentTarget;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The six target types of the spec's oneOf, each built through its generated class in either spelling of its name. */
enum TargetKind {
  BASE(DeviceAndAppManagementAssignmentTarget.class, "deviceAndAppManagementAssignmentTarget"),
  ALL_DEVICES(AllDevicesAssignmentTarget.class, "allDevicesAssignmentTarget"),
  ALL_LICENSED_USERS(AllLicensedUsersAssignmentTarget.class, "allLicensedUsersAssignmentTarget"),
  GROUP(GroupAssignmentTarget.class, "groupAssignmentTarget"),
  EXCLUSION_GROUP(ExclusionGroupAssignmentTarget.class, "exclusionGroupAssignmentTarget"),
  CONFIGURATION_MANAGER_COLLECTION(
      ConfigurationManagerCollectionAssignmentTarget.class, "configurationManagerCollectionAssignmentTarget");

  static final String GROUP_ID = "0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f";
  static final String COLLECTION_ID = "SMS00001";

  final Class<?> type;
  final String bareName;

  TargetKind(Class<?> type, String simpleName) {
    this.type = type;
    this.bareName = "microsoft.graph." + simpleName;
  }

  /** The name as sent: {@code #microsoft.graph.X} when hashed, else {@code microsoft.graph.X}. */
  String name(boolean hashed) {
    return hashed ? "#" + bareName : bareName;
  }

  /** The JSON of this target with the given spelling and its required properties. */
  String json(boolean hashed) {
    String extra = switch (this) {
      case GROUP, EXCLUSION_GROUP -> ",\"groupId\":\"" + GROUP_ID + "\"";
      case CONFIGURATION_MANAGER_COLLECTION -> ",\"collectionId\":\"" + COLLECTION_ID + "\"";
      default -> "";
    };
    return "{\"@odata.type\":\"" + name(hashed) + "\"" + extra + "}";
  }

  /** The target built with its generated class and the generated enum constant of the spelling. */
  AssignmentTarget build(boolean hashed) {
    return switch (this) {
      case BASE -> new AssignmentTarget(new DeviceAndAppManagementAssignmentTarget().atOdataType(hashed
          ? DeviceAndAppManagementAssignmentTarget.AtOdataTypeEnum.DeviceAndAppManagementAssignmentTargetOdataTypeHashed
          : DeviceAndAppManagementAssignmentTarget.AtOdataTypeEnum.DeviceAndAppManagementAssignmentTargetOdataTypeBare));
      case ALL_DEVICES -> new AssignmentTarget(new AllDevicesAssignmentTarget().atOdataType(hashed
          ? AllDevicesAssignmentTarget.AtOdataTypeEnum.AllDevicesAssignmentTargetOdataTypeHashed
          : AllDevicesAssignmentTarget.AtOdataTypeEnum.AllDevicesAssignmentTargetOdataTypeBare));
      case ALL_LICENSED_USERS -> new AssignmentTarget(new AllLicensedUsersAssignmentTarget().atOdataType(hashed
          ? AllLicensedUsersAssignmentTarget.AtOdataTypeEnum.AllLicensedUsersAssignmentTargetOdataTypeHashed
          : AllLicensedUsersAssignmentTarget.AtOdataTypeEnum.AllLicensedUsersAssignmentTargetOdataTypeBare));
      case GROUP -> new AssignmentTarget(new GroupAssignmentTarget().groupId(GROUP_ID).atOdataType(hashed
          ? GroupAssignmentTarget.AtOdataTypeEnum.GroupAssignmentTargetOdataTypeHashed
          : GroupAssignmentTarget.AtOdataTypeEnum.GroupAssignmentTargetOdataTypeBare));
      case EXCLUSION_GROUP -> new AssignmentTarget(new ExclusionGroupAssignmentTarget().groupId(GROUP_ID).atOdataType(hashed
          ? ExclusionGroupAssignmentTarget.AtOdataTypeEnum.ExclusionGroupAssignmentTargetOdataTypeHashed
          : ExclusionGroupAssignmentTarget.AtOdataTypeEnum.ExclusionGroupAssignmentTargetOdataTypeBare));
      case CONFIGURATION_MANAGER_COLLECTION -> new AssignmentTarget(
          new ConfigurationManagerCollectionAssignmentTarget().collectionId(COLLECTION_ID).atOdataType(hashed
              ? ConfigurationManagerCollectionAssignmentTarget.AtOdataTypeEnum.ConfigurationManagerCollectionAssignmentTargetOdataTypeHashed
              : ConfigurationManagerCollectionAssignmentTarget.AtOdataTypeEnum.ConfigurationManagerCollectionAssignmentTargetOdataTypeBare));
    };
  }

  /** Every kind in both spellings: (kind, hashed). */
  static Stream<Arguments> bothSpellings() {
    return Arrays.stream(values()).flatMap(k -> Stream.of(Arguments.of(k, true), Arguments.of(k, false)));
  }
}
