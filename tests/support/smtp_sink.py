"""A real SMTP server for tests: stores every accepted message as DIR/<n>.eml.

Usage: python3 smtp_sink.py --port PORT --dir DIR [--fail-first N] [--reject-rcpt ADDR]

Listens on 127.0.0.1 only, prints one line "ready" once it accepts connections,
and exits cleanly on SIGTERM or SIGINT. Each message is written to a hidden
temporary file and renamed into place, so a reader polling DIR for *.eml never
sees a half-written message. With --fail-first N the first N messages are
refused with a 451, so a client's retry path can be exercised; with
--reject-rcpt ADDR that recipient gets a 550, for the permanent-failure path.
"""

import argparse
import asyncio
import os
import signal

from aiosmtpd.smtp import SMTP


class Sink:
    """aiosmtpd handler that writes each message's raw bytes to its own file."""

    def __init__(self, directory, fail_first, reject_rcpt):
        self.directory = directory
        self.fail_first = fail_first
        self.reject_rcpt = reject_rcpt
        # Continue after files already present so a reused DIR never overwrites.
        names = (n[: -len(".eml")] for n in os.listdir(directory) if n.endswith(".eml"))
        self.count = max((int(n) for n in names if n.isdigit()), default=0)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.reject_rcpt:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_first > 0:
            self.fail_first -= 1
            return "451 4.3.0 try again later"
        self.count += 1
        final = os.path.join(self.directory, f"{self.count}.eml")
        temp = os.path.join(self.directory, f".{self.count}.eml.tmp")
        # original_content is the message as received (CRLF line ends, dots
        # unstuffed), before aiosmtpd adds or decodes anything.
        with open(temp, "wb") as f:
            f.write(envelope.original_content)
        os.replace(temp, final)
        return "250 2.0.0 OK"


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--fail-first", type=int, default=0, metavar="N")
    parser.add_argument("--reject-rcpt", metavar="ADDR")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    handler = Sink(args.dir, args.fail_first, args.reject_rcpt)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", args.port)
    print("ready", flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
