"""Schemathesis hooks of the runs against the emulator (make test-schemathesis, make schemathesis).

A deserializer lets the response schema check read the text/plain answer of $count. Each
filter_failure hook drops one failure code of one operation, and only for an answer in which
the emulator refuses, as the spec says it does, what the spec's schemas cannot state; every
other failure of that code and operation still fails the run. docs/emulator.md lists them.
"""

import json
import re

import schemathesis

# positive_data_acceptance's failure: a request the schemas allow was answered 4xx.
REJECTED_SCHEMA_VALID = "ST202"


@schemathesis.deserializer("text/plain")
def count_as_number(ctx, response):
    """$count, the one text/plain answer of the spec, is the number alone, as JSON writes it."""
    value = json.loads(response.content)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"a text/plain answer that is not a number: {response.content[:100]!r}")
    return value


def refused(response, target, message):
    """Whether the answer is the emulator's 400 for the request part target, with a message that
    matches the regular expression message."""
    if response.status_code != 400:
        return False
    try:
        error = json.loads(response.content)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(re.fullmatch(target, error.get("target") or "") and re.search(message, error.get("message", "")))


# $filter, $orderby and $select are OData expressions: their grammar, and the properties each
# may name, are beyond what a JSON Schema states, so the spec gives them as strings (a minLength
# at most). Schemathesis generates strings such as "00", which the emulator cannot parse and
# answers 400, as the spec's badRequest says; Schemathesis counts that as a schema-valid
# request rejected. Upstream: https://github.com/schemathesis/schemathesis/issues/3696
ODATA_REFUSAL = r"syntax error|not supported|more than once"


@schemathesis.hook("filter_failure").apply_to(operation_id="listAssignments")
def list_odata_expressions(ctx, failure, case, response):
    return not (
        failure.code == REJECTED_SCHEMA_VALID and refused(response, r"\$(filter|orderby|select)", ODATA_REFUSAL)
    )


@schemathesis.hook("filter_failure").apply_to(operation_id="countAssignments")
def count_odata_expressions(ctx, failure, case, response):
    return not (failure.code == REJECTED_SCHEMA_VALID and refused(response, r"\$filter", ODATA_REFUSAL))


@schemathesis.hook("filter_failure").apply_to(operation_id="getAssignment")
def get_odata_expressions(ctx, failure, case, response):
    return not (failure.code == REJECTED_SCHEMA_VALID and refused(response, r"\$select", ODATA_REFUSAL))


# Keys: an id must be unique within its configuration, and stays what the path says. A JSON
# Schema checks one value's structure, not its consistency with other data (another body, the
# store, the path): https://github.com/json-schema-org/json-schema-spec/issues/876. The
# emulator refuses these with 400, as Graph does and the spec's badRequest says.


@schemathesis.hook("filter_failure").apply_to(operation_id="createAssignment")
def create_existing_id(ctx, failure, case, response):
    """A create with an id the configuration already has (a generated id met twice)."""
    return not (failure.code == REJECTED_SCHEMA_VALID and refused(response, r"id", r"already exists"))


@schemathesis.hook("filter_failure").apply_to(operation_id="updateAssignment")
def update_other_id(ctx, failure, case, response):
    """A PATCH body whose id is not the path's: an assignment's id cannot change."""
    return not (failure.code == REJECTED_SCHEMA_VALID and refused(response, r"id", r"differs from the id in the path"))


@schemathesis.hook("filter_failure").apply_to(operation_id=["assign", "assignQualified"])
def assign_repeated_id(ctx, failure, case, response):
    """An assign (under either of its names) that gives one id to two assignments."""
    return not (
        failure.code == REJECTED_SCHEMA_VALID
        and refused(response, r"enrollmentConfigurationAssignments\[\d+\]\.id", r"appears more than once")
    )


# A batch's requests refer to each other by id: each dependsOn must name a request before it,
# and no two ids may be equal regardless of case. Those are relations between an array's
# items, which a JSON Schema cannot state either (json-schema-spec#876 above); the emulator
# refuses them with 400 and Graph's messages, as the batch's 400 examples show.
BATCH_RELATIONS = r"^Invalid dependency for request Id |^Request Id .* has to be unique in a batch\.$"


@schemathesis.hook("filter_failure").apply_to(operation_id="batch")
def batch_request_relations(ctx, failure, case, response):
    """A batch whose dependsOn names no earlier request, or whose ids repeat."""
    return not (failure.code == REJECTED_SCHEMA_VALID and refused(response, r"", BATCH_RELATIONS))


# The target's @odata.type: the spec maps two names to each target type, with and without
# its '#', as Graph accepts both. Schemathesis pins each oneOf branch of a discriminator to
# one mapping key, the last one that names it (schemathesis/specs/openapi/converter.py,
# _pin_discriminator_property; https://github.com/schemathesis/schemathesis/issues/1589), so
# it takes the other name for a violation of the enum it pinned, and counts the emulator's
# 201 or 204 as a schema-violating request accepted. Dropped only when the request broke
# nothing but that pin: every target's @odata.type is a key of the spec's mapping.
PINNED_DISCRIMINATOR = re.compile(r"violates `enum` at \S*/target/oneOf/(\d+)/allOf/1/properties/@odata\.type\b")
ACCEPTED_SCHEMA_VIOLATING = "ST201"


def only_the_pinned_discriminator(failure, case):
    """Whether failure is negative_data_rejection's for a target @odata.type that is another
    of the spec's names for the target type Schemathesis pinned."""
    found = PINNED_DISCRIMINATOR.search(failure.message)
    if failure.code != ACCEPTED_SCHEMA_VIOLATING or not found or not isinstance(case.body, dict):
        return False
    target_schema = case.operation.schema.raw_schema["components"]["schemas"]["assignmentTarget"]
    mapping = target_schema["discriminator"]["mapping"]
    pinned_ref = target_schema["oneOf"][int(found.group(1))]["$ref"]
    items = case.body.get("enrollmentConfigurationAssignments", [case.body])
    types = [
        item["target"].get("@odata.type")
        for item in items
        if isinstance(item, dict) and isinstance(item.get("target"), dict)
    ]
    return bool(types) and all(t in mapping for t in types) and any(mapping[t] == pinned_ref for t in types)


@schemathesis.hook("filter_failure").apply_to(operation_id="createAssignment")
def create_target_type_names(ctx, failure, case, response):
    return not only_the_pinned_discriminator(failure, case)


@schemathesis.hook("filter_failure").apply_to(operation_id="updateAssignment")
def update_target_type_names(ctx, failure, case, response):
    return not only_the_pinned_discriminator(failure, case)


@schemathesis.hook("filter_failure").apply_to(operation_id=["assign", "assignQualified"])
def assign_target_type_names(ctx, failure, case, response):
    return not only_the_pinned_discriminator(failure, case)
