// A reporter for Node's test runner that ends the run with the closing line
// every language's run prints, `N passed, N failed`, counting tests (not
// suites, nor the files that hold them): a file that fails outside its tests
// counts as one failure.
export default async function* closingLine(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { details, nesting, file } = event.data;
    const isFile = nesting === 0 && event.data.name === file;
    if (details.type === "suite" || (isFile && event.type === "test:pass")) continue;
    if (event.type === "test:pass") passed++;
    else failed++;
  }
  yield `${passed} passed, ${failed} failed\n`;
}
