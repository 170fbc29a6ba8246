"""`python -m client.cli upload PATH --user demo`: upload a profile picture and print its confirmed imageUrl.

Against the local stack (`make run`) nothing else is needed: the token comes from /_local/token and the
confirmation from /_local/users/{user}. Against a deployed API pass --api-url and --token (or set
OPEN_UPDATE_IMAGE_API_URL and OPEN_UPDATE_IMAGE_TOKEN), and --profile-url to wait for confirmation.
Only the final imageUrl goes to stdout; progress and errors go to stderr.
"""

import argparse
import mimetypes
import os
import sys
from pathlib import Path

from client.api import ClientError, ProfileImageClient, local_token

LOCAL_API = "http://127.0.0.1:8080"
BAR_WIDTH = 30


def progress_bar(stream):
    def show(sent: int, total: int) -> None:
        done = sent / total if total else 1.0
        filled = int(done * BAR_WIDTH)
        stream.write(f"\r  [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:4.0%}  {sent / 1024:,.0f}/{total / 1024:,.0f} KiB")
        if sent >= total:
            stream.write("\n")
        stream.flush()

    return show


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m client.cli", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    upload = commands.add_parser("upload", help="upload a picture and print its imageUrl")
    upload.add_argument("path", type=Path, help="the image file")
    upload.add_argument("--user", default="demo", help="local stack only: the user to get a token for (default: demo)")
    upload.add_argument("--api-url", default=os.environ.get("OPEN_UPDATE_IMAGE_API_URL", LOCAL_API), help=f"API base URL (default: {LOCAL_API})")
    upload.add_argument("--token", default=os.environ.get("OPEN_UPDATE_IMAGE_TOKEN"), help="bearer token; without it one is fetched from the local stack")
    upload.add_argument("--content-type", help="MIME type (default: guessed from the file name)")
    upload.add_argument("--profile-url", help="JSON URL of the user's profile to poll for imageUrl (default on the local stack: /_local/users/USER)")
    upload.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for confirmation (default: 60)")
    return parser.parse_args(argv)


def upload(args, err=sys.stderr) -> str:
    path: Path = args.path
    if not path.is_file():
        raise ClientError(f"no such file: {path}")
    content_type = args.content_type or mimetypes.guess_type(path.name)[0]
    if not content_type:
        raise ClientError(f"cannot tell the type of {path.name}: pass --content-type")
    api_url = args.api_url.rstrip("/")
    local = args.token is None
    token = args.token or local_token(api_url, args.user)
    profile_url = args.profile_url or (f"{api_url}/_local/users/{args.user}" if local else None)

    client = ProfileImageClient(api_url, token)
    ticket = client.request_upload(path.name, content_type, path.stat().st_size)
    err.write(f"uploading {path.name} ({content_type}) as {ticket.key}\n")
    client.upload(ticket, path, progress_bar(err))
    if profile_url:
        err.write("waiting for the service to confirm the picture…\n")
        client.wait_for_profile(profile_url, ticket.image_url, timeout=args.timeout)
        err.write("confirmed\n")
    else:
        err.write("uploaded; not waiting for confirmation (no --profile-url for this API)\n")
    return ticket.image_url


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        image_url = upload(args)
    except ClientError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(image_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
