#!/usr/bin/env python3
"""Imports a problem package folder (the Kattis format) into a running CodeArena and follows its verification.

./arena import-problem PATH [--url URL] [--user NAME]   (or CODEARENA_TOKEN=... for an API token)

The folder is zipped (symbolic links are refused, as the server refuses them), uploaded to
POST /api/v1/task-packages as its ADMIN or RECRUITER user, and the import is followed until its example
submissions are judged; the report says, example by example, whether each got the verdict its folder promises.
Exit status: 0 verified, 1 failed verification, 2 refused or unreachable.
"""
import argparse
import getpass
import io
import json
import os
import sys
import time
import urllib.error
import urllib.request
import zipfile


def fail(message, code=2):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


def request(url, method="GET", body=None, token=None, content_type="application/json"):
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, {"error": text}
    except urllib.error.URLError as error:
        fail(f"CodeArena does not answer at {url} ({error.reason}): is it up? ./arena up")


def zip_folder(root):
    if not os.path.isfile(os.path.join(root, "problem.yaml")):
        fail(f"{root} has no problem.yaml: give the package's folder (problem.yaml at its top)")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(dirs + files):
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    fail(f"{os.path.relpath(path, root)} is a symbolic link; a package holds plain files only")
            for name in sorted(files):
                path = os.path.join(folder, name)
                archive.write(path, os.path.relpath(path, root))
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(prog="./arena import-problem", description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the package's folder")
    parser.add_argument("--url", default=os.environ.get("CODEARENA_URL", "http://localhost:9080/"))
    parser.add_argument("--user", help="an ADMIN or RECRUITER account (asks for its password); "
                                       "or set CODEARENA_TOKEN to an API token")
    parser.add_argument("--publish", action="store_true", help="publish the task once it verifies")
    args = parser.parse_args()
    base = args.url if args.url.endswith("/") else args.url + "/"

    token = os.environ.get("CODEARENA_TOKEN")
    if not token:
        if not args.user:
            fail("say who imports: --user NAME (an ADMIN or RECRUITER), or CODEARENA_TOKEN=<API token>")
        password = os.environ.get("CODEARENA_PASSWORD") or getpass.getpass(f"password of {args.user}: ")
        status, body = request(base + "api/v1/auth/token", "POST",
                               json.dumps({"username": args.user, "password": password}).encode())
        if status != 200:
            fail(f"could not log {args.user} in: {body.get('error', body)}")
        token = body["token"]

    archive = zip_folder(args.path)
    print(f"uploading {args.path} ({len(archive) / 1024:.0f} KiB zipped) to {base}")
    status, body = request(base + "api/v1/task-packages", "POST", archive, token, "application/zip")
    if status != 202:
        fail(f"the package was refused (HTTP {status}): {body.get('error', body)}")
    for warning in body.get("warnings", []):
        print(f"warning: {warning}")
    print(f"task '{body['task']}' stored as a draft; verifying (import {body['importId']})")

    progress = base + body["progress"].lstrip("/")
    last = None
    while True:
        status, state = request(progress, token=token)
        if status != 200:
            fail(f"could not follow the import (HTTP {status}): {state.get('error', state)}")
        line = f"  phase {state['phase']}: {state['examplesJudged']} of {state['examples']} example submissions judged"
        if line != last:
            print(line, flush=True)
            last = line
        if state["status"] != "VERIFYING":
            break
        time.sleep(1)

    report = state["report"]
    if report.get("timeLimitMillis"):
        print(f"time limit {report['timeLimitMillis'] / 1000:g} s: {report.get('timeLimitExplanation', '')}")
    width = max([len(e["path"]) for e in report["examples"]] + [10])
    print(f"{'example':<{width}}  {'expected':<20} {'got':<14} {'score':>9} {'time':>8}")
    for example in report["examples"]:
        mark = "ok " if example["asExpected"] else "NO "
        score = f"{example.get('score')}/{example.get('maxScore')}"
        print(f"{example['path']:<{width}}  {example['expected']:<20} {str(example['verdict']):<14} {score:>9} "
              f"{example.get('timeMillis') or 0:>6} ms {mark}{example.get('note') or ''}")
    if state["status"] != "VERIFIED":
        print(f"FAILED: the package did not verify; task '{state['task']}' stays a draft")
        sys.exit(1)
    print(f"VERIFIED: task '{state['task']}'")
    if args.publish:
        status, published = request(base + f"api/v1/task-packages/tasks/{state['task']}/publish", "POST", b"{}", token)
        if status != 200:
            fail(f"could not publish: {published.get('error', published)}")
        print(f"published: {base}tasks/{state['task']}")
    else:
        print(f"publish it with --publish, or: POST {base}api/v1/task-packages/tasks/{state['task']}/publish")


if __name__ == "__main__":
    main()
