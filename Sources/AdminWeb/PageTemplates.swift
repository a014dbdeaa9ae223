/// The admin page's HTML, as Mustache templates (`{{x}}` is HTML-escaped; nothing here uses the unescaped form).
/// Small and plain: one stylesheet in the head, no script.
enum PageTemplates {
    static let header = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} - MO ACTS help desk</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{background:#12355b;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;align-items:center}
        header a{color:#fff;text-decoration:none}header .who{margin-left:auto;opacity:.85}
        main{max-width:70em;margin:1.2em auto;padding:0 1em}
        section.card{background:#fff;border:1px solid #d8dde4;border-radius:6px;padding:1em 1.2em;margin:0 0 1em}
        table{border-collapse:collapse;width:100%;margin:.4em 0}th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid #e6e9ee;vertical-align:top}
        tr.changed td{background:#fff6d6}.muted{color:#5b6675}.bad{color:#a4262c}.ok{color:#1e7b34}
        form.inline{display:inline}button{font:inherit;padding:.3em .9em;border-radius:4px;border:1px solid #12355b;background:#12355b;color:#fff;cursor:pointer}
        button.reject{background:#fff;color:#a4262c;border-color:#a4262c}input[type=text],input[type=email],input[type=password],input[type=search]{font:inherit;padding:.3em}
        .flash{padding:.6em 1em;background:#e7f3ea;border:1px solid #9fd1ab;border-radius:6px;margin-bottom:1em}
        .error{padding:.6em 1em;background:#fdecee;border:1px solid #e7a3aa;border-radius:6px;margin-bottom:1em}
        </style></head><body>
        <header><strong>MO ACTS help desk</strong>{{#admin}}<a href="/approvals">Approvals</a><a href="/tickets">Tickets</a>
        <span class="who">{{admin}}</span><form class="inline" method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button>Log out</button></form>{{/admin}}</header>
        <main>
        {{#flash}}<div class="flash" role="status">{{flash}}</div>{{/flash}}{{#error}}<div class="error" role="alert">{{error}}</div>{{/error}}
        """

    static let footer = "</main></body></html>\n"

    static let login = """
        {{> header}}
        <section class="card"><h1>Log in</h1>
        <form method="post" action="/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label>Admin address<br><input type="email" name="address" id="address" autocomplete="username" required></label></p>
        <p><label>Password<br><input type="password" name="password" id="password" autocomplete="current-password" required></label></p>
        <p><button id="login">Log in</button></p>
        </form></section>
        {{> footer}}
        """

    static let approvals = """
        {{> header}}
        <h1>Pending approvals</h1>
        {{^items}}<p class="muted">Nothing waits for approval.</p>{{/items}}
        {{#items}}
        <section class="card" id="ticket-{{ticket}}">
        <h2><a href="/tickets/{{ticket}}">Ticket #{{ticket}}</a>: {{subject}}</h2>
        <p>Asked by <strong>{{requester}}</strong> on {{requestedAt}}; expires {{expiresAt}}.</p>
        <p>Sender checks: {{#senderChecked}}{{#senderChecksPassed}}<span class="ok">passed</span>{{/senderChecksPassed}}{{^senderChecksPassed}}<span class="bad">not passed</span>{{/senderChecksPassed}}, {{/senderChecked}}{{senderChecks}}</p>
        <p>Classified <strong>{{category}}</strong>: {{explanation}}</p>
        <ul class="muted">{{#rules}}<li>{{.}}</li>{{/rules}}</ul>
        <p>Plan: {{summary}}<br><span class="muted">Why approval: {{approvalReason}}</span></p>
        {{#changes}}
        <h3>{{description}}</h3>
        <table><thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead><tbody>
        {{#rows}}<tr{{#changed}} class="changed"{{/changed}}><td>{{field}}</td><td>{{before}}</td><td>{{after}}</td></tr>{{/rows}}
        </tbody></table>
        {{/changes}}
        <form class="inline" method="post" action="/approvals/{{ticket}}/approve"><input type="hidden" name="csrf" value="{{csrf}}"><button id="approve-{{ticket}}">Approve</button></form>
        <form class="inline" method="post" action="/approvals/{{ticket}}/reject"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="text" name="reason" id="reason-{{ticket}}" placeholder="Reason (sent to the requester)" required size="40"> <button class="reject" id="reject-{{ticket}}">Reject</button></form>
        </section>
        {{/items}}
        {{> footer}}
        """

    static let tickets = """
        {{> header}}
        <h1>Tickets</h1>
        <form method="get" action="/tickets"><input type="search" name="q" value="{{query}}" placeholder="Person or ticket number" aria-label="Search"> <button>Search</button></form>
        <table><thead><tr><th>Ticket</th><th>State</th><th>Category</th><th>Requester</th><th>Subject</th><th>Why</th></tr></thead><tbody>
        {{#tickets}}<tr><td><a href="/tickets/{{id}}">#{{id}}</a></td><td>{{state}}</td><td>{{category}}</td><td>{{requester}}</td><td>{{subject}}</td><td>{{explanation}}</td></tr>{{/tickets}}
        </tbody></table>
        {{^tickets}}<p class="muted">No tickets match.</p>{{/tickets}}
        {{> footer}}
        """

    static let ticket = """
        {{> header}}
        <h1>Ticket #{{id}}: {{subject}}</h1>
        <section class="card"><p>State <strong>{{state}}</strong>{{#holdReason}} ({{holdReason}}){{/holdReason}}; category <strong>{{category}}</strong>; from {{requester}}.</p>
        <p>Explanation: {{explanation}}</p>
        <ul>{{#rules}}<li>{{.}}</li>{{/rules}}</ul></section>
        <section class="card"><h2>Actions</h2><ul>{{#actions}}<li>{{.}}</li>{{/actions}}</ul>
        <h2>Approvals</h2><ul>{{#approvals}}<li>{{.}}</li>{{/approvals}}</ul></section>
        <section class="card"><h2>Audit trail</h2>
        <table id="audit"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Why</th></tr></thead><tbody>
        {{#events}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{what}}</td><td>{{why}}</td></tr>{{/events}}
        </tbody></table></section>
        {{> footer}}
        """
}
