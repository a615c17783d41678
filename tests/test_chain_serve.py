#!/usr/bin/env python3
"""`oso doorstroomtoets serve` over loopback, with Python's standard library only.

Usage: test_chain_serve.py OSO WORKDIR [REQUESTS]

Posts each message type (valid and invalid) and checks status codes and Ontvangstmelding
bodies; 401 for missing or malformed edu-to/edu-from, 405 for an unknown school and a wrong
method, 404 for an unknown path or report; serves a report PDF; refuses oversized bodies (413)
and malformed HTTP without dying; 204 for a report that is registered but not available (an
empty file) and 403 for a registration window closed with --closed; stores what it received; survives a bounded load test from
several threads with bounded memory; stops cleanly on SIGTERM.
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

OSO, WORKDIR = sys.argv[1:3]
REQUESTS = int(sys.argv[3]) if len(sys.argv) > 3 else 2400
SCHOOL = '0000000700011BB00000'
LAS = '0000000700011BB00530'
QUERY = '?edu-to=%s&edu-from=%s' % (SCHOOL, LAS)
PDF = b'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
GROEP = {'instellingscode': '12AB', 'vestigingscode': '00', 'onderwijsaanbiedercode': '100B200',
         'onderwijslocatiecode': '200C300', 'administratienr': '3'}
HEAD = {'datumtijd': '2026-01-15T12:00:00Z', 'auteur': 'Proef-LAS',
        'versie': 'Doorstroomtoetsketen_v1.1', 'schooljaar': '2025-2026'}
REF = [{'label': 'LAS-key', 'onderwijsdeelnemerID': 'll-1'}]
MESSAGES = {
    '/registreren': dict(HEAD, profiel='Toetsdeelnemers', deelnemersgroep=GROEP, groepen=[
        {'label': 'Stamgroep', 'id': 'g8', 'omschrijving': '8', 'niveau': {'label': 'Jaargroep', 'niveau': '8'}}],
        deelnemers=[{'label': 'Leerling', 'deelnemerref': REF, 'achternaam': 'Vries',
                     'roepnaam': 'Sanne', 'groep': 'g8', 'niveau': {'label': 'Jaargroep', 'niveau': '8'},
                     'extensie': {'label': 'Demografisch', 'voorletters': 'S',
                                  'geboortedatum': '2014-02-28', 'geslacht': 2}}]),
    '/registreren-schooladviezen': dict(HEAD, profiel='Schooladviezen', deelnemersgroep=GROEP,
                                        voorlopigSchooladviezen=[{'deelnemerref': REF, 'advies': 'VWO'}]),
    '/leerlingresultaat': dict(HEAD, profiel='Leerlingtoetsresultaat', resultatenscores={
        'id': 'rs', 'deelnemerref': REF, 'versie': 'Definitief', 'toetsdefinitie': 'DIA',
        'afnamecontext': {'afname': {'id': 'a', 'afnametijdstip': '2026-02-10T09:00:00Z'}},
        'resultaten': {'resultaten': [{'label': 'Toetsadvies', 'waarde': 'vwo'}]}},
        toets={'label': 'Doorstroomtoets', 'id': 'DIA', 'naam': 'Dia'}),
}
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)


class Server:
    def __init__(self, *args):
        # Under AddressSanitizer freed memory sits in a quarantine: keep it small, so that the
        # memory bound below measures the server, not the sanitizer (no effect otherwise).
        env = dict(os.environ)
        env['ASAN_OPTIONS'] = env.get('ASAN_OPTIONS', '') + ':quarantine_size_mb=1'
        self.proc = subprocess.Popen([OSO, 'doorstroomtoets', 'serve', '--listen', '127.0.0.1:0']
                                     + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        line = self.proc.stdout.readline()
        self.port = int(line.rsplit(':', 1)[1])

    def request(self, method, path, body=None, headers=None, timeout=10, chunked=False):
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
            r = c.getresponse()
            return r.status, r.getheader('Content-Type'), r.read()
        finally:
            c.close()

    def rss_kb(self):
        with open('/proc/%d/status' % self.proc.pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = None
        return rc, self.proc.stderr.read()


def melding(body):
    return json.loads(body)['melding']


def check_closed_windows():
    """--closed: 403 with the definition's melding, after the routing and school checks."""
    s = Server('--closed', 'registreren', '--closed', 'registreren-schooladviezen',
               '--school', SCHOOL)
    try:
        for path, text in (('/registreren', 'Inschrijving is gesloten.'),
                           ('/registreren-schooladviezen', 'Aanlevering schooladviezen is gesloten.')):
            body = json.dumps(MESSAGES[path]).encode()
            status, _, out = s.request('POST', path + QUERY, body)
            expect(status == 403 and melding(out) == text, '%s closed: %d %r' % (path, status, out))
            status, _, _ = s.request('POST', path + '?edu-to=%s&edu-from=%s' % (LAS, SCHOOL), body)
            expect(status == 405, '%s closed, unknown school: %d' % (path, status))
            status, _, _ = s.request('POST', path, body)
            expect(status == 401, '%s closed, no routing: %d' % (path, status))
        status, _, _ = s.request('POST', '/leerlingresultaat' + QUERY,
                                 json.dumps(MESSAGES['/leerlingresultaat']).encode())
        expect(status == 202, 'results are not closed: %d' % status)
    finally:
        rc, err = s.stop()
    expect(rc == 0, 'stop (closed): %r %r' % (rc, err))
    bad = subprocess.run([OSO, 'doorstroomtoets', 'serve', '--listen', '127.0.0.1:0',
                          '--closed', 'leerlingresultaat'], capture_output=True, text=True)
    expect(bad.returncode == 2 and "--closed takes registreren" in bad.stderr,
           '--closed leerlingresultaat: %d %r' % (bad.returncode, bad.stderr))


def main():
    shutil.rmtree(WORKDIR, ignore_errors=True)
    store = os.path.join(WORKDIR, 'ontvangen')
    rapporten = os.path.join(WORKDIR, 'rapporten')
    os.makedirs(store)
    os.makedirs(rapporten)
    with open(os.path.join(rapporten, 'rap-1.pdf'), 'wb') as f:
        f.write(PDF)
    open(os.path.join(rapporten, 'rap-leeg.pdf'), 'wb').close()
    s = Server('--school', SCHOOL, '--store', store, '--rapporten', rapporten,
               '--max-body', '200000', '--max-connections', '16')
    try:
        stored = 0
        for path, message in MESSAGES.items():
            body = json.dumps(message).encode()
            status, ctype, out = s.request('POST', path + QUERY, body)
            expect(status == 202 and ctype == 'application/json' and 'ontvangen' in melding(out),
                   '%s valid: %d %r' % (path, status, out))
            broken = dict(message, versie='Doorstroomtoetsketen_v1.0')
            status, _, out = s.request('POST', path + QUERY, json.dumps(broken).encode())
            expect(status == 422 and 'DTM.ENUM /versie' in melding(out),
                   '%s invalid: %d %r' % (path, status, out))
            stored += 2
        status, _, out = s.request('POST', '/registreren' + QUERY, b'{"profiel": "Toetsdeel')
        expect(status == 422 and 'DTM.JSON' in melding(out), 'truncated JSON: %d %r' % (status, out))
        status, _, out = s.request('POST', '/registreren' + QUERY, b'{"a": "\xff"}')
        expect(status == 422 and 'DTM.UTF8' in melding(out), 'invalid UTF-8: %d' % status)
        status, _, out = s.request('POST', '/registreren' + QUERY, b'[' * 5000)
        expect(status == 422 and 'DTM.DEPTH' in melding(out), 'deep JSON: %d' % status)
        stored += 3
        body = json.dumps(MESSAGES['/registreren']).encode()
        for query, want in (('', 401), ('?edu-to=' + SCHOOL, 401),
                            ('?edu-to=%s&edu-from=kort' % SCHOOL, 401),
                            ('?edu-to=%s&edu-from=%s' % (SCHOOL[:-1] + '!', LAS), 401),
                            ('?edu-To=%s&edu-from=%s' % (SCHOOL, LAS), 401),
                            ('?edu-to=%s%%00x&edu-from=%s' % (SCHOOL, LAS), 401),
                            ('?edu-to=%s&edu-from=%s' % (LAS, SCHOOL), 405)):
            status, _, out = s.request('POST', '/registreren' + query, body)
            expect(status == want and melding(out), 'query %r: %d, expected %d' % (query, status, want))
        c = http.client.HTTPConnection('127.0.0.1', s.port, timeout=10)
        c.request('GET', '/registreren' + QUERY)
        r = c.getresponse()
        r.read()
        expect(r.status == 405 and r.getheader('Allow') == 'POST',
               'GET /registreren: %d, Allow %r' % (r.status, r.getheader('Allow')))
        c.request('DELETE', '/leerlingrapport/rap-1' + QUERY)
        r = c.getresponse()
        r.read()
        expect(r.status == 405 and r.getheader('Allow') == 'GET',
               'DELETE report: %d, Allow %r' % (r.status, r.getheader('Allow')))
        c.close()
        status, _, out = s.request('POST', '/leerlingresultaat?edu-to=%s&edu-from=%s' % (LAS, SCHOOL),
                                   json.dumps(MESSAGES['/leerlingresultaat']).encode())
        expect(status == 405 and melding(out) == 'School is niet bekend bij ontvanger.',
               'result for an unknown school: %d %r' % (status, out))
        status, _, _ = s.request('POST', '/elders' + QUERY, body)
        expect(status == 404, 'unknown path: %d' % status)
        status, ctype, out = s.request('GET', '/leerlingrapport/rap-1' + QUERY)
        expect(status == 200 and ctype == 'application/pdf' and out == PDF, 'report: %d' % status)
        status, ctype, out = s.request('GET', '/leerlingrapport/rap-leeg' + QUERY)
        expect(status == 204 and out == b'', 'report not available: %d %r' % (status, out))
        for rid in ('rap-2', '..%2Frapporten%2Frap-1', '.rap-1'):
            status, _, _ = s.request('GET', '/leerlingrapport/%s%s' % (rid, QUERY))
            expect(status == 404, 'report %s: %d' % (rid, status))
        status, _, _ = s.request('GET', '/leerlingrapport/rap-1')
        expect(status == 401, 'report without edu-to: %d' % status)
        # Oversized bodies: announced by Content-Length, and sent chunked.
        big = b'{"x": "' + b'a' * 300000 + b'"}'
        status, _, out = s.request('POST', '/registreren' + QUERY, big)
        expect(status == 413, 'oversized body: %d' % status)
        status, _, out = s.request('POST', '/registreren' + QUERY, iter([big[:150000], big[150000:]]),
                                   headers={'Transfer-Encoding': 'chunked'}, chunked=True)
        expect(status == 413, 'oversized chunked body: %d' % status)
        # Malformed HTTP and a body that never arrives: refused or dropped, the server lives on.
        for raw in (b'GARBAGE\r\n\r\n', b'POST /registreren HTTP/1.1\r\nHost: x\r\n'
                    b'Content-Length: zzz\r\n\r\n', b'\x00\xff' * 100 + b'\r\n\r\n',
                    b'POST /registreren' + QUERY.encode() + b' HTTP/1.1\r\nHost: x\r\n'
                    b'Content-Length: 100\r\n\r\n{"a":'):
            with socket.create_connection(('127.0.0.1', s.port), timeout=5) as sock:
                sock.sendall(raw)
                sock.shutdown(socket.SHUT_WR)
                try:
                    reply = sock.recv(4096)
                except socket.timeout:
                    reply = b''
            expect(reply == b'' or reply.startswith(b'HTTP/1.1 4'), 'malformed HTTP answered %r' % reply[:40])
        status, _, _ = s.request('POST', '/registreren-schooladviezen' + QUERY,
                                 json.dumps(MESSAGES['/registreren-schooladviezen']).encode())
        expect(status == 202, 'after malformed HTTP: %d' % status)
        stored += 1
        names = sorted(os.listdir(store))
        expect(len(names) == stored, 'stored %d files, expected %d' % (len(names), stored))
        expect(names[0].endswith('-Deelnemerslijst-202.json') and
               json.load(open(os.path.join(store, names[0])))['profiel'] == 'Toetsdeelnemers',
               'stored first %r' % names[:2])

        # Load: several threads, a few thousand requests, time-limited; memory stays bounded.
        rss_before = s.rss_kb()
        bodies = [(p, json.dumps(m).encode(), 202) for p, m in MESSAGES.items()]
        bodies += [(p, json.dumps(dict(m, profiel='x')).encode(), 422) for p, m in MESSAGES.items()]
        errors = []
        per_thread = REQUESTS // 8
        deadline = time.time() + 120

        def worker(n):
            c = http.client.HTTPConnection('127.0.0.1', s.port, timeout=10)
            for i in range(per_thread):
                if time.time() > deadline:
                    errors.append('time limit')
                    return
                path, body, want = bodies[(n + i) % len(bodies)]
                try:
                    c.request('POST', path + QUERY, body)
                    r = c.getresponse()
                    r.read()
                    if r.status != want:
                        errors.append('%s: %d, expected %d' % (path, r.status, want))
                except (OSError, http.client.HTTPException) as e:
                    errors.append(repr(e))
                    c.close()
                    c = http.client.HTTPConnection('127.0.0.1', s.port, timeout=10)
            c.close()

        started = time.time()
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rss_after = s.rss_kb()
        expect(not errors, 'load: %d failure(s), first %s' % (len(errors), errors[:3]))
        expect(rss_after - rss_before < 30000, 'memory grew from %d to %d kB' % (rss_before, rss_after))
        print('load: %d requests in %.1f s, RSS %d -> %d kB' % (
            per_thread * 8, time.time() - started, rss_before, rss_after))
    finally:
        rc, err = s.stop()
    expect(rc == 0 and 'stopped (SIGTERM)' in err, 'stop: %r %r' % (rc, err))
    check_closed_windows()
    for f in failures:
        print('FAIL:', f)
    print('%d failure(s)' % len(failures))
    return 1 if failures else 0


sys.exit(main())
