package io.github.specfirst.intune.assignments;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** Compares an answer with a step's expectation under the vectors' may-differ rules. */
final class VectorCheck {
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  // JSON numbers compare by value: 2 and 2.0, an int and a long, are equal.
  private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return 1;
  };

  /** Whether two JSON values are equal, members in any order and numbers by value. */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return a.equals(BY_VALUE, b);
  }

  private final String specRoot;
  private final String root;

  /** {@code root} is the version root the requests went to, which stands for {@code specRoot} in expected URLs. */
  VectorCheck(String specRoot, String root) {
    this.specRoot = specRoot;
    this.root = root;
  }

  /** The ways the answer is not the expected one; empty when it is. */
  List<String> problems(VectorFile.Expect expect, VectorAnswer answer) {
    List<String> problems = new ArrayList<>();
    if (answer.status() != expect.status()) {
      problems.add("status " + answer.status() + ", want " + expect.status() + "; body: " + answer.raw());
      return problems;
    }
    for (String name : expect.headersOrNone()) {
      if (answer.header(name) == null) {
        problems.add("the " + answer.status() + " answer lacks its documented " + name + " header");
      }
    }
    if (expect.mediaType() == null) {
      return problems;
    }
    String contentType = answer.header("Content-Type");
    if (contentType == null || !contentType.startsWith(expect.mediaType())) {
      problems.add("Content-Type " + contentType + ", want " + expect.mediaType());
    }
    if (expect.mediaType().equals("text/plain")) {
      if (answer.count() == null) {
        problems.add("no count in the body: " + answer.raw());
      } else if (!answer.count().toString().equals(expect.body().asText())) {
        problems.add("count " + answer.count() + ", want " + expect.body().asText());
      }
      return problems;
    }
    if (answer.json() == null) {
      problems.add("no JSON body: " + answer.raw());
      return problems;
    }
    JsonNode got = answer.json().deepCopy();
    JsonNode want = expect.body().deepCopy();
    for (VectorFile.Rule rule : expect.mayDifferOrNone()) {
      JsonPointer pointer = JsonPointer.compile(rule.pointer());
      if (rule.rule().equals("anyOrder")) {
        // The rules after it point into the sorted arrays.
        String problem = sortItems(got.at(pointer), rule);
        if (problem != null) {
          problems.add(rule.pointer() + ": " + problem);
        }
        String broken = sortItems(want.at(pointer), rule);
        if (broken != null) {
          throw new IllegalStateException("the expected body at " + rule.pointer() + ": " + broken);
        }
        continue;
      }
      String problem = check(rule, got.at(pointer), want.at(pointer), answer);
      if (problem != null) {
        problems.add(rule.pointer() + ": " + problem);
      }
      remove(got, pointer);
      remove(want, pointer);
    }
    if (!sameJson(want, got)) {
      problems.add("body differs from the expected one:\n  expected " + want + "\n  answer   " + got);
    }
    return problems;
  }

  /** Why {@code got}, the answer's value at the rule's pointer (missing when absent), breaks the rule; null if it does not. */
  private String check(VectorFile.Rule rule, JsonNode got, JsonNode want, VectorAnswer answer) {
    boolean has = !got.isMissingNode();
    String s = got.isTextual() ? got.asText() : null;
    switch (rule.rule()) {
      case "any":
        return null;
      case "default":
      case "metadataUrl":
        if (!has) {
          return null;
        }
        break;
      default:
        if (!has) {
          return "missing";
        }
    }
    switch (rule.rule()) {
      case "guid":
        return s != null && GUID.matcher(s).matches() ? null : got + " is not a GUID";
      case "rootUrl": {
        String w = want.asText();
        int at = w.indexOf(specRoot);
        String wantUrl = at < 0 ? w : w.substring(0, at) + root + w.substring(at + specRoot.length());
        return wantUrl.equals(s) ? null : got + ", want " + wantUrl;
      }
      case "metadataUrl":
        return s != null && s.startsWith(root + "/$metadata#") ? null : got + " is not a metadata URL on " + root;
      case "requestId": {
        String rid = answer.header("request-id");
        return s != null && !s.isEmpty() && s.equals(rid) ? null : got + ", want the request-id header " + rid;
      }
      case "dateTime":
        try {
          OffsetDateTime.parse(s == null ? "" : s);
          return null;
        } catch (DateTimeParseException e) {
          return got + " is not an RFC 3339 date-time";
        }
      case "nonEmpty":
        return s != null && !s.isEmpty() ? null : got + " is not a non-empty string";
      case "default":
        return got.equals(BY_VALUE, rule.value()) ? null : got + ", want " + rule.value() + " or nothing";
      default:
        return "unknown rule " + rule.rule();
    }
  }

  /** Sorts an anyOrder rule's array by its items' member named by the rule's value, in place; why it cannot, or null. */
  private static String sortItems(JsonNode node, VectorFile.Rule rule) {
    if (!(node instanceof ArrayNode array)) {
      return node + " is not an array";
    }
    String member = rule.value().asText();
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : array) {
      if (!item.path(member).isTextual()) {
        return "an item without a string \"" + member + "\": " + item;
      }
      items.add(item);
    }
    items.sort(Comparator.comparing(item -> item.get(member).asText()));
    array.removeAll();
    array.addAll(items);
    return null;
  }

  /** Deletes the object member at {@code pointer}, where it exists. */
  private static void remove(JsonNode root, JsonPointer pointer) {
    if (pointer.matches()) {
      return;
    }
    JsonNode parent = root.at(pointer.head());
    if (parent instanceof ObjectNode object) {
      object.remove(pointer.last().getMatchingProperty());
    }
  }
}
