/// Python client scripts for the integration tests (run with `python -c`; argv[1] is the server port).
enum PythonScripts {
    /// The main python-socketio scenario over the transports in argv[2] (e.g. `websocket`, `polling,websocket`):
    /// connect, echo acks, welcome order, rooms and broadcast with except, a server-to-client ack, binary,
    /// namespaces with auth and refusals, disconnect. Prints `SID <sid>` of the actor.
    static let scenario = #"""
        import socketio, sys, threading, time
        port, transports = sys.argv[1], sys.argv[2].split(',')
        url = f'http://127.0.0.1:{port}'
        def check(cond, what):
            if not cond:
                print('FAIL', what, flush=True)
                sys.exit(1)
        def wait_for(cond, what, timeout=30):
            deadline = time.time() + timeout
            while time.time() < deadline:
                if cond(): return
                time.sleep(0.01)
            check(False, what)

        watcher, actor = socketio.Client(), socketio.Client()
        news = {'watcher': [], 'actor': []}
        welcome, answers = [], []
        watcher.on('news', lambda data: news['watcher'].append(data))
        actor.on('news', lambda data: news['actor'].append(data))
        actor.on('welcome', lambda sid: welcome.append(sid))
        actor.on('question', lambda n: n * 2)
        actor.on('answered', lambda *args: answers.append(list(args)))

        watcher.connect(url, transports=transports, wait_timeout=30)
        actor.connect(url, transports=transports, wait_timeout=30)
        expected = 'polling' if transports == ['polling'] else 'websocket'
        check(actor.transport() == expected, f'transport {actor.transport()} != {expected}')
        wait_for(lambda: welcome == [actor.get_sid('/')], f'welcome {welcome}')

        check(actor.call('echo', {'a': [1, 'é😀', None, 2.5]}, timeout=30) == {'a': [1, 'é😀', None, 2.5]}, 'echo object')
        check(actor.call('echo', ('x', 2), timeout=30) == ('x', 2), 'echo two args')

        room = 'room-' + actor.get_sid('/')
        check(watcher.call('join', {'room': room}, timeout=30) is True, 'watcher join')
        check(actor.call('join', {'room': room}, timeout=30) is True, 'actor join')
        count = actor.call('broadcast', {'room': room, 'event': 'news', 'data': {'n': 1}}, timeout=30)
        check(count == 1, f'broadcast local recipients {count}')
        wait_for(lambda: news['watcher'] == [{'n': 1}], f'watcher news {news}')
        time.sleep(0.2)
        check(news['actor'] == [], f'sender excluded {news}')

        actor.emit('ask', 21)
        wait_for(lambda: answers == [[42]], f'server ack round trip {answers}')

        check(actor.call('echo', b'\x00\x01\x02', timeout=30) == b'\x00\x01\x02', 'binary echo')
        check(actor.call('echo', {'bin': b'\xff', 'n': 1}, timeout=30) == {'bin': b'\xff', 'n': 1}, 'nested binary')

        admin = socketio.Client()
        admin.connect(url, namespaces=['/admin'], auth={'token': 'secret'}, transports=transports, wait_timeout=30)
        check(admin.call('whoami', namespace='/admin', timeout=30) == '/admin', 'admin namespace')
        admin.disconnect()
        for namespaces, auth in ((['/admin'], {'token': 'wrong'}), (['/nope'], None)):
            refused = socketio.Client()
            refused.on('connect_error', lambda data, ns=namespaces[0]: print('CONNECT_ERROR', ns, data, flush=True), namespace=namespaces[0])
            try:
                refused.connect(url, namespaces=namespaces, auth=auth, transports=transports, wait_timeout=30)
                check(False, f'{namespaces} connect should be refused')
            except socketio.exceptions.ConnectionError as error:
                print('REFUSED', namespaces[0], error, flush=True)
            refused.disconnect()

        print('SID', actor.get_sid('/'), flush=True)
        started = time.time()
        actor.disconnect()
        watcher.disconnect()
        # A parked poll that close fails to release would hold this for the 25 s ping interval; 15 s leaves
        # room for a loaded machine while still catching that.
        check(time.time() - started < 15, 'disconnect is prompt')
        print('OK', flush=True)
        """#

    /// A raw EIO4 WebSocket client that never answers pings; prints `SID`, the pings seen and `CLOSED`.
    static let silentClient = #"""
        import websocket, sys, json, time
        port = sys.argv[1]
        ws = websocket.create_connection(f'ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket', timeout=30)
        opened = ws.recv()
        assert opened.startswith('0{'), opened
        ws.send('40')
        reply = ws.recv()
        assert reply.startswith('40{'), reply
        print('SID', json.loads(reply[2:])['sid'], flush=True)
        pings, deadline = 0, time.time() + 30
        while time.time() < deadline:
            opcode, data = ws.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                print('CLOSED', flush=True)
                break
            if data == b'2':
                pings += 1
        print('PINGS', pings, flush=True)
        """#

    /// A python-socketio client that stays connected across several short heartbeats: it stays twice as long as
    /// pingInterval + pingTimeout (argv[3] ms), so a server that ignored its pongs would have closed it.
    static let responsiveClient = #"""
        import socketio, sys, time
        port = sys.argv[1]
        sio = socketio.Client()
        sio.connect(f'http://127.0.0.1:{port}', transports=sys.argv[2].split(','), wait_timeout=30)
        time.sleep(2 * int(sys.argv[3]) / 1000)
        assert sio.connected
        assert sio.call('echo', 'still', timeout=30) == 'still'
        sio.disconnect()
        print('OK', flush=True)
        """#

    /// EIO3 heartbeat: a client that pings every 200 ms stays open for twice pingInterval + pingTimeout (so a
    /// server ignoring its pings would have closed it); a silent one is closed by the server.
    static let eio3Heartbeat = #"""
        import websocket, sys, json, time
        port = sys.argv[1]
        url = f'ws://127.0.0.1:{port}/socket.io/?EIO=3&transport=websocket'
        pinging = websocket.create_connection(url, timeout=30)
        opened = json.loads(pinging.recv()[1:])
        assert opened['pingInterval'] == 300 and opened['pingTimeout'] == 1500, opened
        assert pinging.recv() == '40'
        pinging.recv()  # welcome
        until = time.time() + 2 * (300 + 1500) / 1000
        while time.time() < until:
            time.sleep(0.2)
            pinging.send('2')
            assert pinging.recv() == '3'
        pinging.send('421["echo","alive"]')
        assert pinging.recv() == '431["alive"]'
        pinging.close()
        silent = websocket.create_connection(url, timeout=30)
        print('SID', json.loads(silent.recv()[1:])['sid'], flush=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            opcode, data = silent.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                print('CLOSED', flush=True)
                break
        print('OK', flush=True)
        """#

    /// Origin checks: polling and WebSocket handshakes from a refused origin get 403 before any upgrade.
    static let origins = #"""
        import requests, websocket, socketio, sys
        port = sys.argv[1]
        base = f'127.0.0.1:{port}/socket.io/?EIO=4&transport='
        r = requests.get('http://' + base + 'polling', headers={'Origin': 'http://evil.example'}, timeout=30)
        assert r.status_code == 403, r.status_code
        assert r.json() == {'code': 4, 'message': 'Origin not allowed'}, r.text
        r = requests.get('http://' + base + 'polling', headers={'Origin': 'http://good.example'}, timeout=30)
        assert r.status_code == 200 and r.text.startswith('0{'), r.text
        assert r.headers['Access-Control-Allow-Origin'] == 'http://good.example'
        assert r.headers['Access-Control-Allow-Credentials'] == 'true'
        try:
            websocket.create_connection('ws://' + base + 'websocket', origin='http://evil.example', timeout=30)
            raise SystemExit('websocket from a refused origin was accepted')
        except websocket.WebSocketBadStatusException as error:
            assert error.status_code == 403, error.status_code
        ws = websocket.create_connection('ws://' + base + 'websocket', origin='http://good.example', timeout=30)
        assert ws.recv().startswith('0{')
        ws.close()
        sio = socketio.Client()
        try:
            sio.connect(f'http://127.0.0.1:{port}', headers={'Origin': 'http://evil.example'}, transports=['websocket'], wait_timeout=30)
            raise SystemExit('python-socketio from a refused origin connected')
        except socketio.exceptions.ConnectionError as error:
            print('REFUSED', error, flush=True)
        print('OK', flush=True)
        """#

    /// beforeConnect refusal: 403 with the hook's message, python-socketio refused, then accepted with a token.
    static let beforeConnect = #"""
        import requests, socketio, sys
        port = sys.argv[1]
        r = requests.get(f'http://127.0.0.1:{port}/socket.io/?EIO=4&transport=polling', timeout=30)
        assert r.status_code == 403, r.status_code
        assert r.json() == {'code': 4, 'message': 'token required'}, r.text
        sio = socketio.Client()
        try:
            sio.connect(f'http://127.0.0.1:{port}', transports=['websocket'], wait_timeout=30)
            raise SystemExit('connected without a token')
        except socketio.exceptions.ConnectionError as error:
            print('REFUSED', error, flush=True)
        sio = socketio.Client()
        sio.connect(f'http://127.0.0.1:{port}/?token=let-me-in', transports=['polling', 'websocket'], wait_timeout=30)
        assert sio.call('echo', 1, timeout=30) == 1
        sio.disconnect()
        print('OK', flush=True)
        """#

    /// An EIO3 / Socket.IO v4 client with raw frames over WebSocket, then over polling with `<len>:` framing.
    static let eio3 = #"""
        import websocket, requests, sys, json
        port = sys.argv[1]
        ws = websocket.create_connection(f'ws://127.0.0.1:{port}/socket.io/?EIO=3&transport=websocket', timeout=30)
        opened = ws.recv()
        assert opened.startswith('0{') and 'maxPayload' not in opened, opened
        sid = json.loads(opened[1:])['sid']
        assert ws.recv() == '40'
        welcome = ws.recv()
        assert json.loads(welcome[2:]) == ['welcome', sid], welcome
        ws.send('2')
        assert ws.recv() == '3'
        ws.send('421["echo","é😀",1]')
        assert ws.recv() == '431["é😀",1]'
        ws.send('451-2["echo",{"_placeholder":true,"num":0}]')
        ws.send_binary(b'\x04\x01\x02')
        assert ws.recv() == '461-2[{"_placeholder":true,"num":0}]'
        assert ws.recv() == b'\x04\x01\x02'
        ws.send('40/nope,')
        assert ws.recv() == '44/nope,"Invalid namespace"'
        ws.send('40/admin?token=x,')
        assert ws.recv() == '44/admin,"bad token"'
        ws.close()

        def decode(body):
            packets, i = [], 0
            while i < len(body):
                colon = body.index(':', i)
                n, j, units = int(body[i:colon]), colon + 1, 0
                k = j
                while units < n:
                    units += 2 if ord(body[k]) > 0xFFFF else 1
                    k += 1
                packets.append(body[j:k])
                i = k
            return packets
        def encode(packets):
            return ''.join(f'{len(p.encode("utf-16-le")) // 2}:{p}' for p in packets)

        base = f'http://127.0.0.1:{port}/socket.io/?EIO=3&transport=polling&b64=1'
        first = decode(requests.get(base, timeout=30).text)
        assert first[0].startswith('0{') and first[1] == '40', first
        sid = json.loads(first[0][1:])['sid']
        rest = first[2:] or decode(requests.get(base + '&sid=' + sid, timeout=30).text)
        assert rest[0].startswith('42["welcome"'), rest
        r = requests.post(base + '&sid=' + sid, data=encode(['2', '421["echo","😀é"]']).encode('utf-8'), timeout=30)
        assert r.status_code == 200 and r.text == 'ok', (r.status_code, r.text)
        got = []
        while len(got) < 2:
            got += decode(requests.get(base + '&sid=' + sid, timeout=30).text)
        assert got == ['3', '431["😀é"]'], got
        r = requests.post(base + '&sid=' + sid, data=encode(['1']).encode('utf-8'), timeout=30)
        assert r.status_code == 200
        r = requests.get(base + '&sid=' + sid, timeout=30)
        assert r.status_code == 400 and r.json()['code'] == 1, r.text

        # An XHR2 client (no b64): a binary ack comes back in the binary payload framing.
        xhr2 = f'http://127.0.0.1:{port}/socket.io/?EIO=3&transport=polling'
        body = requests.get(xhr2, timeout=30).text
        sid = json.loads(decode(body)[0][1:])['sid']
        while '42["welcome"' not in body:
            body = requests.get(xhr2 + '&sid=' + sid, timeout=30).text
        event = '451-7["echo",{"_placeholder":true,"num":0}]'
        r = requests.post(xhr2 + '&sid=' + sid, data=encode([event, 'b4AQI=']).encode('utf-8'), timeout=30)
        assert r.status_code == 200, r.text
        r = requests.get(xhr2 + '&sid=' + sid, timeout=30)
        assert r.headers['Content-Type'] == 'application/octet-stream', r.headers
        text = b'461-7[{"_placeholder":true,"num":0}]'
        expected = bytes([0] + [int(d) for d in str(len(text))] + [255]) + text + bytes([1, 3, 255, 4, 1, 2])
        assert r.content == expected, r.content
        print('OK', flush=True)
        """#

    /// Engine.IO v4 polling edge cases: bad requests, a concurrent GET, close releasing a parked GET with 200.
    static let pollingEdges = #"""
        import requests, sys, json, threading, time
        port = sys.argv[1]
        base = f'http://127.0.0.1:{port}/socket.io/?EIO=4&transport=polling'
        def error(r): return (r.status_code, r.json()['code'])
        assert error(requests.get(f'http://127.0.0.1:{port}/socket.io/?EIO=5&transport=polling', timeout=30)) == (400, 5)
        assert error(requests.get(f'http://127.0.0.1:{port}/socket.io/?EIO=4&transport=carrier-pigeon', timeout=30)) == (400, 0)
        assert error(requests.get(base + '&sid=nope', timeout=30)) == (400, 1)
        assert error(requests.post(base, data='40', timeout=30)) == (400, 2)
        def connected_session():
            sid = json.loads(requests.get(base, timeout=30).text[1:])['sid']
            url = base + '&sid=' + sid
            assert requests.post(url, data='40', timeout=30).text == 'ok'
            records = []
            while not any(r.startswith('42["welcome"') for r in records):
                records += requests.get(url, timeout=30).text.split('\x1e')
            assert records[0].startswith('40{'), records
            return url
        # The GET must be parked before the close arrives. A head start cannot guarantee that on a loaded machine,
        # so a GET that lost the race (it came after the close: 400 unknown sid) retries with a longer one.
        for head_start in (0.3, 1, 3):
            url = connected_session()
            parked = {}
            t = threading.Thread(target=lambda: parked.update(r=requests.get(url, timeout=30)))
            t.start()
            time.sleep(head_start)
            r = requests.post(url, data='1', timeout=30)
            assert r.status_code == 200
            t.join(30)
            got = parked['r']
            if got.status_code == 400 and got.json().get('code') == 1 and head_start < 3:
                continue
            assert got.status_code == 200 and got.text == '6', (got.status_code, got.text)
            break
        assert error(requests.get(url, timeout=30)) == (400, 1)
        print('OK', flush=True)
        """#
}
