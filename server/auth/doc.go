// Package auth is who may call the emulator: it verifies the access
// tokens of Microsoft's identity platform that the emulator accepts
// (HS256 or RS256, Graph's audience, an exp), caches the claims of each
// token until it expires, checks a token's permissions against what an
// operation asks for, and mints the development tokens of
// `intune-emulator token`.
//
// Its refusals are graphhttp Errors with Graph's 401 and 403 answers.
package auth
