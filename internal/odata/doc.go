// Package odata parses and evaluates the OData v4 query options $filter,
// $orderby and $select, for the subset that Microsoft Graph scripts use on
// Intune's enrollmentConfigurationAssignment entity. It knows that entity's
// properties and target types and nothing else, so that every mistake in a
// query can be refused with a message that names what is allowed.
//
// # Input
//
// Each parser takes the option's value as the caller received it after URL
// decoding: a '+' is a plus sign, not a space. Whitespace between tokens is
// spaces and horizontal tabs. Keywords (and, or, not, eq, ne, in, null, asc,
// desc, isof) and property names are matched case-insensitively; type names
// and enumeration values are matched exactly, as OData spells them. Limiting
// the length of the value is left to the caller; the parsers only bound the
// nesting of $filter, at 100 levels of parentheses and 'not'.
//
// # Errors
//
// Every error the parsers return is a *SyntaxError. Its Pos is a 1-based
// byte offset into the value: 1 is the first byte, and len(value)+1 stands
// for the end of the input, where an incomplete expression is reported.
// The error text reads
//
//	$filter: syntax error at position 12: expected a quoted string or null after 'eq', found end of input
//
// Valid OData outside the supported subset (gt, startswith, any, ...) is
// refused with a message saying so and naming what is supported.
//
// # Evaluation
//
// A parsed $filter is matched, and $orderby terms compared, against an
// Entity, an interface the caller implements over its own record so that
// neither needs to allocate. Strings compare by ordinal, except that two
// GUID-shaped strings (8-4-4-4-12 hexadecimal digits) compare without regard
// to case, as Graph treats its ids. Null (an unset property) equals only
// null, and ne is the negation of eq, so sourceId ne 'x' is true where
// sourceId is null. In ascending order null sorts before every value.
package odata
