#!/usr/bin/python3
"""Reference values from CPython's email package, for the differential test of our Mail parser.

Run it with Debian's interpreter, not whatever python3 is first on PATH:

    /usr/bin/python3 scripts/email_reference.py /usr/lib/python3.11/test/test_email/data

For every message file in the directory (sorted by name) it parses the file with
``email.message_from_binary_file(f, policy=email.policy.default)`` and prints one JSON object per line:

    {"file": "msg_01.txt",
     "from": [[display_name, addr_spec], ...] or null,   # msg['From'].addresses; null when there is no From
     "to": same, for msg['To'] (the first To field, as msg['To'] gives it),
     "subject": str(msg['Subject']) or null,
     "date": epoch seconds of msg['Date'].datetime, or null when absent or unparsable
             (a naive datetime, i.e. a "-0000" zone, is taken as UTC),
     "message_id": str(msg['Message-ID']) stripped, without angle brackets, or null,
     "plain": msg.get_body(preferencelist=('plain',)).get_content(), or null when there is no such part,
     "errors": {field: "ExceptionType: message", ...}}

Which files count as messages: every regular file named ``msg_*.txt``. The data directory also holds images
(python.gif, ...) and sound files (sndhdr.wav, ...) used by the MIMEImage/MIMEAudio tests; those are not mail and
are skipped. A field whose extraction raises is null in the output and its exception is recorded under "errors";
a message that cannot be read or parsed at all gets an "error" key instead. The script itself never crashes on a
bad message, and its exit status is 0 unless the directory cannot be listed.
"""

import email
import email.policy
import json
import os
import sys
from datetime import timezone


def addresses(msg, name):
    header = msg[name]
    if header is None:
        return None
    return [[a.display_name, a.addr_spec] for a in header.addresses]


def subject(msg):
    header = msg['Subject']
    return None if header is None else str(header)


def date(msg):
    header = msg['Date']
    if header is None:
        return None
    dt = header.datetime
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp())


def message_id(msg):
    header = msg['Message-ID']
    if header is None:
        return None
    value = str(header).strip()
    if value.startswith('<'):
        value = value[1:]
    if value.endswith('>'):
        value = value[:-1]
    return value.strip()


def plain(msg):
    part = msg.get_body(preferencelist=('plain',))
    if part is None:
        return None
    return part.get_content()


FIELDS = [
    ('from', lambda m: addresses(m, 'From')),
    ('to', lambda m: addresses(m, 'To')),
    ('subject', subject),
    ('date', date),
    ('message_id', message_id),
    ('plain', plain),
]


def describe(exc):
    return '%s: %s' % (type(exc).__name__, exc)


def reference(path, name):
    record = {'file': name}
    try:
        with open(path, 'rb') as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop the run
        record['error'] = describe(exc)
        return record
    errors = {}
    for field, extract in FIELDS:
        try:
            record[field] = extract(msg)
        except Exception as exc:  # noqa: BLE001
            record[field] = None
            errors[field] = describe(exc)
    record['errors'] = errors
    return record


def is_message_file(directory, name):
    return name.startswith('msg_') and name.endswith('.txt') and os.path.isfile(os.path.join(directory, name))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: %s DIRECTORY\n' % argv[0])
        return 2
    directory = argv[1]
    for name in sorted(os.listdir(directory)):
        if not is_message_file(directory, name):
            continue
        record = reference(os.path.join(directory, name), name)
        sys.stdout.write(json.dumps(record, ensure_ascii=True, sort_keys=True) + '\n')
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
