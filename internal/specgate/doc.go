// Package specgate guards changes to openapi/openapi.yaml against the
// clients already generated from an earlier version of it. It runs oasdiff,
// pinned in go.mod, and adds what oasdiff leaves to its users:
//
//   - the base to compare with, found in the git history (the newest v* tag,
//     else the previous commit);
//   - acknowledgements of deliberate breaks, kept in a Markdown file under
//     the info.version that ships them and handed to oasdiff's --err-ignore,
//     each of which must match a change;
//   - the semantic-versioning rule for info.version;
//   - the changelog section of a version, merged into CHANGELOG.md.
package specgate
