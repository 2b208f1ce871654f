#!/usr/bin/env bash
# Release steps, run by .github/workflows/release.yml on a vX.Y.Z tag (GITHUB_REF_NAME):
#   scripts/release.sh check-version    the tag is vX.Y.Z and matches package.json's version
#   scripts/release.sh move-major-tag   point vX (what `uses: owner/lemma@vX` follows) at the tag's commit
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${GITHUB_REF_NAME:?GITHUB_REF_NAME must name the release tag, e.g. v1.2.3}"

case "${1:-}" in
  check-version)
    if [[ ! "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
      echo "::error::Release tags look like v1.2.3 (got $tag)."
      exit 1
    fi
    version="$(node -p 'require("./package.json").version')"
    if [ "v$version" != "$tag" ]; then
      echo "::error file=package.json::The tag $tag does not match package.json's version $version. Set \"version\": \"${tag#v}\", commit, and tag that commit."
      exit 1
    fi
    ;;
  move-major-tag)
    major="${tag%%.*}"
    commit="$(git rev-parse "$tag^{commit}")"
    git tag -f "$major" "$commit"
    # The checkout keeps no credentials: the token is handed to this one push.
    if [ -n "${GITHUB_TOKEN:-}" ]; then
      auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 | tr -d '\n')"
      git -c http.extraheader="$auth" push --force origin "refs/tags/$major"
    else
      git push --force origin "refs/tags/$major"
    fi
    echo "$major now points at $tag ($commit)."
    ;;
  *)
    echo "usage: scripts/release.sh check-version|move-major-tag" >&2
    exit 2
    ;;
esac
