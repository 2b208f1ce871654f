// citation-js requires node-fetch 3, an ES module: Node (20.19+) loads it with require(),
// jest's module runtime cannot. Inside jest only, the platform's own fetch stands in.
module.exports = { __esModule: true, default: globalThis.fetch, Headers: globalThis.Headers, Request: globalThis.Request, Response: globalThis.Response };
