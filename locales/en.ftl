## English. Inserted values are formatted and HTML-escaped in code.

## Commands
cmd-start = Start, main menu
cmd-report = Report the month's figures
cmd-status = Your board's reporting status
cmd-cancel = Cancel what you are doing
cmd-whoami = Who am I, my roles
cmd-link = Link your Telegram and Zalo accounts
cmd-messenger = Your preferred messenger
cmd-lang = Change language
cmd-help = Help
cmd-summary = Bloc summary of the figures
cmd-ballots = Ballots
cmd-boards = List the boards
cmd-invite = Create an invitation
cmd-invites = Open invitations (withdraw one)
cmd-addboard = Add a board
cmd-renameboard = Rename a board
cmd-retireboard = Retire a board
cmd-mergeboard = Merge two boards
cmd-reload = Reload the bloc file
cmd-schedule = Reporting and reminder schedule
cmd-nudge = Remind the boards still missing now
cmd-unreachable = People the bot cannot reach
cmd-lock = Lock a reporting period
cmd-newballot = Create a ballot
cmd-import = Import figures of earlier years
cmd-record = Record past leaders, deputies and awards
cmd-people = People with roles
cmd-revoke = Take a role back

## General
error-generic = Sorry, something went wrong. Please try again in a few minutes.
error-busy = The bot cannot save anything right now: its database is busy with other work (a backup, maintenance). Please try again in a minute.
export-busy = The bot is making many files at the moment. Please try again in a minute.
export-timeout = The file could not be made in the time allowed. Please try again in a few minutes.
export-failed = The file could not be made because of an error. Please try again in a few minutes.
rate-limit-slow-down = Messages are coming too fast, so some of the last ones were not handled. Please wait a moment and send them again.
not-allowed = You are not allowed to use this.
private-only = Please use this command in a private chat with the bot.
button-expired = This choice is no longer valid.
unknown-command = There is no such command. Send /help to see the commands.
unhandled-private = I did not understand that. Send /help to see the commands.

## Roles
role-admin = Administrator
role-secretariat = Bloc secretariat
role-focal = Focal person
role-head = Board head
roles-none = You have no role in the bloc yet.
board-status-active = active
board-status-retired = retired
board-status-merged = merged

## /start, /help, /whoami, /lang
start-welcome = Hello <b>{ $name }</b>!
start-about = This is the bot of <b>{ $bloc }</b>: the boards' focal persons report their monthly figures here; the bot reminds them of deadlines, runs the bloc's ballots and prepares its summaries.
start-stranger = The bot works by invitation: you need an invitation link from one of the bloc's administrators; when you open it, the bot records your role.
contact-line = Contact: { $contact }
contact-admin = Please contact the bot's administrator or the bloc's office.
start-your-roles = Your roles:
start-can = You may:
start-can-focal = • report your board's monthly figures (/report) and see its reporting status (/status)
start-can-head = • see your board's reports (/report) and reporting status (/status)
start-can-vote = • vote for your board (in the bloc's group, or in private when the bot sends you the ballot)
start-can-summary = • see the bloc's summaries (/summary) and the year's draft report (/annual)
start-can-ballots = • create and manage ballots (/newballot, /ballots)
start-can-admin = • manage boards, people and invitations (/boards, /people, /invite, /revoke)
start-help-hint = Send /help for the full guide.
help-everyone =
    <b>For everyone</b>
    /start — main menu
    /help — this guide
    /whoami — your roles
    /messenger — the messenger reminders and notices reach you on (Telegram or Zalo)
    /lang — change language (Tiếng Việt / English)
    /cancel — cancel what you are doing
help-link = /link — get a link code to use the bot on both Telegram and Zalo (type the code to the bot on the other one)
help-focal =
    <b>Focal persons</b>
    /report — report last month's figures (pasting a whole table of “indicator: value” lines works too); /report { $exampleEarlierPeriod } — an earlier month still open
    /status — your board's reporting status over the last six months
    /schedule — reporting and reminder schedule
    /ballots — ballots; to vote, choose your board's choice under the ballot's message, in the bloc's group or in the private message the bot sends; /ballots NO — have an open ballot of your board sent again
help-head =
    <b>Board heads</b>
    /report — see your board's report and its revisions
    /status — your board's reporting status over the last six months
    /schedule — reporting and reminder schedule
    /ballots — ballots; to vote, choose your board's choice under the ballot's message, in the bloc's group or in the private message the bot sends; /ballots NO — have an open ballot of your board sent again
help-officer =
    <b>The leader's and deputy's boards</b>
    /summary — bloc summary (e.g. /summary { $examplePeriod }, /summary { $exampleQuarter }, /summary { $exampleYear })
    /annual { $exampleLastYear } — draft of the year's report (a Word file)
help-secretariat =
    <b>Bloc secretariat</b>
    /summary — bloc summary (e.g. /summary { $examplePeriod }, /summary { $exampleQuarter }, /summary { $exampleYear })
    /annual { $exampleLastYear } — draft of the year's report (a Word file)
    /newballot — create a ballot; /ballots — list them
    /closeballot N — close early; /cancelballot N — cancel; /openballot N [hours] — end nominations, open the vote
    /schedule — reporting and reminder schedule
help-admin =
    <b>Administrators</b>
    /boards — list boards; /addboard, /renameboard, /retireboard, /mergeboard
    /people — people with roles; /invite — create an invitation; /invites — open invitations, withdraw one; /revoke — take a role back
    /linkgroup — send in the group to link the bloc's group; /reload — reload the bloc file
    /record — record the leaders, deputies and award proposals of past years
    /schedule — see and change the schedule (e.g. /schedule deadline 5 17:00)
    /lock { $examplePeriod }, /unlock { $examplePeriod } — lock or reopen a reporting period
    /import — send a CSV or XLSX file with the caption /import to load earlier years' figures
    /nudge — remind the boards still missing now; /digest — post the reporting status; /unreachable — people the bot cannot reach
whoami-head = <b>{ $name }</b> (reached on { $messengers })
messenger-name-telegram = Telegram
messenger-name-zalo = Zalo
messenger-preferred = { $messenger } (preferred)
messenger-choose = Reminders and notices go to you on { $preferred } first. Choose the messenger you prefer:
messenger-set = From now on reminders and notices go to you on { $messenger } first.
messenger-only = You are reached on { $messenger } only: link another messenger first (send /link).
messenger-not-linked = You are not reached on { $messenger } yet (send /link for a code, then type it to the bot on { $messenger }).
link-code =
    Your link code: <code>{ $code }</code>
    On { $messenger }, type this code to the bot (upper or lower case) within { $minutes } minutes, before { $expires }. It works once; do not give it to anyone.
link-no-role = Linking accounts is for people with a role in the bloc. If you have an invitation, type its code to the bot.
link-already = You already use the bot on both Telegram and Zalo. Choose where reminders reach you first with /messenger.
link-not-served = The bot serves { $here } only for now: there is no { $messenger } to link.
link-done = Linked: this { $messenger } account is yours. You can now use the bot on both Telegram and Zalo; reminders and notices reach you on { $preferred } first (change it with /messenger).
link-done-other = Your { $messenger } account was linked to the bot at { $at }. If this was not you, tell an administrator at once.
link-unknown = This link code is not right. Check it, or send /link where you already use the bot for a new one.
link-used = This link code has already been used. Each code works once; send /link for a new one.
link-expired = This link code has expired (codes last { $minutes } minutes). Send /link again for a new one.
link-same-messenger = This code is to be typed to the bot on { $messenger }, not here.
link-already-linked = This account is already linked to you.
link-other-account = You have already linked another { $messenger } account. Each person links one account per messenger.
link-taken = This { $messenger } account already belongs to someone else with a role in the bloc, so it cannot be linked. Please contact an administrator.
code-wrong = The code “{ $code }” is not right: invitation codes have 10 characters (e.g. K7M4Q-9TXAB), link codes 8 (e.g. K7M4-Q9TX). Please check it.
lang-choose = Chọn ngôn ngữ / Choose a language:
lang-name-vi = Tiếng Việt
lang-name-en = English
lang-set = Language set to English.

## Menu
menu-report = 📝 Report figures
menu-status = 📊 Reporting status
menu-boards = 🏢 Boards
menu-invite = ✉️ Create invitation
menu-lang = 🌐 Language
menu-summary = 📈 Bloc summary
menu-newballot = 🗳 New ballot
menu-people = 👥 People with roles

## Invitations
invite-unknown = This invitation code is not right. Check the code (or the link), or ask an administrator for a new invitation.
invite-used = This invitation has already been used. Each invitation works once; ask an administrator for a new one.
invite-expired = This invitation has expired. Ask an administrator for a new one.
invite-board-inactive = The board of this invitation is no longer active.
invite-withdrawn = This invitation is no longer valid (it was withdrawn, or whoever created it may no longer invite). Please ask an administrator for a new link.
invite-too-many = Too many wrong codes. Please try again in an hour.
invite-welcome =
    Welcome! You are registered as <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}of <b>{ $board }</b>
       *[no] {""}
    }.
invite-choose-board = Invite someone for which board?
invites-none = No invitation is waiting to be used.
invites-head = <b>Open invitations</b> ({ $count }). Choose ✖ #NUMBER to withdraw one:
invites-line = #{ $id } · { $role }{ $hasBoard ->
        [yes] {" "}— { $board }
       *[no] {""}
    } · created by { $by } at { $created } · expires { $expires }
invites-confirm =
    Withdraw this invitation? Its link will no longer work.
    { $line }
invites-btn-cancel = ✅ Withdraw the invitation
invites-btn-keep = Keep it
invites-cancelled =
    ✅ Invitation withdrawn; its link no longer works:
    { $line }
invites-kept = Invitation #{ $id } kept as it was.
invites-gone = Invitation #{ $id } is no longer waiting to be used (used, expired or withdrawn).
invite-bloc-roles = Secretariat / Administrator
invite-choose-role = With which role?
invite-usage = Usage: <code>/invite BOARD_CODE focal|head</code> or <code>/invite - secretariat|admin</code>, or just <code>/invite</code> to choose step by step.
invite-code-only =
    Invitation as <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}for <b>{ $board }</b>
       *[no] {""}
    }: invitation code <code>{ $code }</code>
    The person invited types { $code } to the bot, on Zalo or on Telegram.
    Send the code to the right person only. The invitation works once and expires at { $expires }.
invite-link =
    Invitation as <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}for <b>{ $board }</b>
       *[no] {""}
    }:
    { $link }
    Invitation code: <code>{ $code }</code>
    On Zalo (or when the link does not open), the person invited types { $code } to the bot.
    Send the link and the code to the right person only. The invitation works once and expires at { $expires }.

## Boards
boards-head = <b>Boards</b> ({ $count } active):
board-first-period = reports from { $month }
boards-help = Add: /addboard; rename: /renameboard; retire: /retireboard; merge: /mergeboard
addboard-usage = Usage: <code>/addboard CODE | Short name | Full name</code>, or with the board's first reporting period: <code>/addboard CODE | Short name | Full name | { $examplePeriod }</code>; e.g. <code>/addboard HB | Hòa Bình | Ban Quản lý các KCN Hòa Bình</code>. Without one, the board reports from the first period still ahead of its deadline.
renameboard-usage = Usage: <code>/renameboard CODE | New name</code>
retireboard-usage = Usage: <code>/retireboard CODE</code>
mergeboard-usage = Usage: <code>/mergeboard OLD_CODE NEW_CODE</code> (the old board is merged into the new one; the codes must differ)
board-exists = There is already a board with code <code>{ $code }</code>.
board-added = Added <code>{ $code }</code>: { $name }. It reports from { $month } on; nothing before is owed.
board-not-found = No board <code>{ $code }</code>. Send /boards to see the codes.
board-same-name = The new name is the current one; nothing changed.
board-not-active = Board <code>{ $code }</code> is no longer active.
board-renamed = Renamed “{ $old }” to “{ $name }”. The name history is kept.
board-retired = { $name } is retired. Its figures are kept.
board-merged = Merged <code>{ $from }</code> into <code>{ $into }</code>. The figures are kept.

## Group and configuration
linkgroup-in-group = Send this command in the bloc's group chat.
linkgroup-done = The group “{ $title }” is now the bloc's group.
reload-done = Bloc file reloaded: boards updated: { $boards }; indicators updated: { $indicators }.
reload-unchanged = The bloc file has not changed.
group-removed-admins =
    ⚠️ The bot was removed from the bloc's group “{ $title }”{ $hasBy ->
        [yes] {" "}by { $by }
       *[no] {""}
    } at { $at }, so the group is no longer linked. Posts to the group (ballot results, reporting status, summaries) are kept and will be sent once a group is linked again ({ $waiting } waiting now).
    To link it again, add the bot to the group, then send /linkgroup there.
group-readded-admins = The bot was added back to “{ $title }”. Send /linkgroup in the group to link it again; the { $waiting } waiting posts will then be sent.
group-status-none = No group is linked: add the bot to the bloc's group, then send /linkgroup there.
group-status-removed =
    The bot was removed from “{ $title }”{ $hasBy ->
        [yes] {" "}by { $by }
       *[no] {""}
    } at { $at }. Add it back to the group, then send /linkgroup there to link it again.
group-status-failing = The last post to the group failed ({ $at }): { $error }. The bot will try again by itself.
group-status-given-up = This post could not be sent to the group: { $error }.
group-status-waiting = { $count ->
        [one] 1 post is
       *[other] { $count } posts are
    } waiting to go to the group.
digest-not-posted = The reporting status is not posted to the group yet.
reload-failed = Could not load the bloc file: { $error }

## Dialogues (one at a time, edited messages, updates of the bot)
dialogue-updated = ℹ️ The bot has been updated. You continue where you were; your answers are kept.
dialogue-restored = ℹ️ The bot restored this dialogue from its last saved step. You continue where you were; your answers are kept.
dialogue-open-same = You are in the middle of { $what }. Choose “Continue” to go back to the question waiting for you, or send /cancel to cancel it.
dialogue-open-other = You are in the middle of { $what }. Continue it, or stop it and start { $new }?
btn-dialogue-continue = ▶ Continue what I was doing
btn-dialogue-switch = ⏹ Stop it, start the new one
dialogue-report = the report for { $month } of { $board }
dialogue-report-aside = The report for { $month } of { $board } is paused. The figures entered are kept as a draft; send /report to go on.
dialogue-newballot = creating a new ballot
dialogue-newballot-aside = Creating the ballot is paused. The choices made are kept as a draft; send /newballot to go on.
report-edit-old = An edited message is read again only when it is the latest answer. To change a figure you entered, choose “◀ Back”, or type the item's number at the read-back.
report-edit-applied = ✏️ Changed as you edited your message. { $name }: { $old } → <b>{ $new }</b>
report-edit-kept = The value entered before is kept: { $value }.
report-paused = { $count ->
        [one] An answer
       *[other] { $count } answers in a row
    } could not be read, so this report is paused. The figures received are kept as a draft; send /report when you are ready to go on.
newballot-edit-old = An edited message is read again only when it is the latest answer. To change a choice, choose “◀ Back” to that step; every choice is shown again for checking before the ballot is posted.
newballot-edit-applied = ✏️ Changed as you edited your message: { $value }
newballot-paused = { $count ->
        [one] An answer
       *[other] { $count } answers in a row
    } could not be read, so creating this ballot is paused. The choices made are kept as a draft; send /newballot to go on.
newballot-draft-found = You have a ballot in preparation (“{ $title }”). Continue it, or start again?

## Monthly report
report-not-focal = Only a board's focal person can send its report. If that is you, ask an administrator for an invitation link.
report-period-locked = This reporting period is locked: nothing can be sent or changed. Ask an administrator if needed.
report-usage = Usage: <code>/report</code> for the latest period, or <code>/report { $exampleEarlierPeriod }</code> for an earlier period still open.
report-period-not-over = { $month } is not over yet; it cannot be reported.
report-before-first = { $board } reports from { $first } on; { $month } is not owed.
report-which-board = Report { $month } for which board?
report-text-only = Please answer with a number, or pick one of the choices.
report-press-button = Please pick one of the choices above.
report-intro = <b>Report for { $month } — { $board }</b>
    { $total ->
            [one] 1 indicator
           *[other] { $total } indicators
        }, due { $deadline }. You can paste a whole table of “indicator: value” lines at any time.
report-amend-intro = The { $month } report of { $board } was already sent (reference { $reference }). You can change items and send it again.
report-draft-found = You have a draft of the { $month } report of { $board } ({ $answered }/{ $total } items). Continue, or start again?
report-question = <b>Question { $index }/{ $total }. { $name }</b> ({ $unit })
report-hint-last-month = Last month: { $value }
report-hint-last-year = Same month last year: { $value }
report-current = Current value: <b>{ $value }</b>
report-answer-hint = Type a number, e.g. <code>{ $example }</code>.
report-understood = ✓ { $name }: <b>{ $value }</b>
report-far = <b>{ $value }</b> is very different from { $base } last time. Please check it.
report-missing-value = missing
report-cancelled = Cancelled. Nothing was sent.
report-cancelled-amend = Cancelled. The report already sent is unchanged.
report-no-changes = Nothing changed; the report stays as it was.
cancel-nothing = There is nothing to cancel.
review-head = <b>Check the { $month } report — { $board }</b>
review-head-amend = <b>Amend the { $month } report — { $board }</b>
review-check = Check it, then choose “📤 Send the report”. Nothing has been sent yet.
review-missing = ⚠️ { $count ->
        [one] 1 item is missing.
       *[other] { $count } items are missing.
    }
review-change-hint = Type an item's number to change it.
review-pick = Change which item?
amend-reason = Why are the figures changed (optional)? Type a reason or choose “Skip”.
conflict-head = ⚠️ { $name } of your board sent this report at { $at }. What differs between that one and yours:
conflict-same = (the two are the same)
conflict-ask = Send yours to replace it?
receipt =
    ✅ Received the { $month } report of <b>{ $board }</b> at { $at }.
    Reference: <code>{ $reference }</code>
receipt-late = ⏰ Sent after the deadline.
receipt-amended = ✅ Updated the { $month } report of <b>{ $board }</b> at { $at } (revision { $revision }, { $count ->
        [one] 1 item changed
       *[other] { $count } items changed
    }). Reference: <code>{ $reference }</code>
group-amended = ℹ️ <b>{ $board }</b> amended its { $month } figures:
btn-back = ◀ Back
btn-same = = Same as last month ({ $value })
btn-keep = Keep
btn-cancel = ✖ Cancel
btn-yes-sure = Yes, keep this value
btn-retype = Type again
btn-resume = Continue
btn-restart = Start again
btn-send = 📤 Send the report
btn-fill-missing = ✍️ Fill in the missing items
btn-change = ✏️ Change one item
btn-skip = Skip
btn-send-anyway = Send mine
paste-filled = 📋 Filled { $count ->
        [one] 1 item
       *[other] { $count } items
    } from the pasted table.
paste-problems = Lines not understood:
paste-line = Line { $line }
paste-no-separator = no “:” between the indicator and the value
paste-unknown-indicator = unknown indicator
paste-duplicate = indicator already given on an earlier line
paste-too-many-lines = only the first 200 lines are read; send the rest in another message
paste-bad-value = value not valid
paste-vague = matches { $count ->
        [one] 1 indicator
       *[other] { $count } indicators
    } equally well; please write more of the indicator's name
paste-which = ❓ Line { $line } “{ $text }” matches several indicators equally well. Which one did you mean?
paste-which-hint = Choose an indicator or type its number; “Skip” leaves this line out.
paste-which-current = now { $value }
paste-which-skipped = Line { $line } left out.
paste-which-replaced = ✓ { $name }: { $old } → <b>{ $new }</b>

report-draft-found-amend = You have an unfinished amendment of the { $month } report of { $board } ({ $answered ->
        [one] 1 item changed
       *[other] { $answered } items changed
    }). Continue, or start again from the report as sent?
review-far-note = ⚠️ = very different from last time: please check.
paste-more = … and { $count ->
        [one] 1 more line.
       *[other] { $count } more lines.
    }
buttons-continued = (continued)
conflict-nothing = The stored report already matches yours; nothing to send.
btn-ok = OK
report-kept-theirs = Cancelled. The report your colleague sent is kept.

## Number errors
num-empty = Please type a number.
num-not-a-number = “{ $given }” is not a number. Example: <code>{ $example }</code>
num-bad-separators = The separators in “{ $given }” are wrong. Group thousands with one mark and use the other for decimals, e.g. <code>3,131.93</code> (or <code>3.131,93</code>).
num-not-integer = This indicator is a whole number ({ $unit }), without decimals. Example: <code>{ $example }</code>
num-too-many-decimals = At most { $decimals } decimals. Example: <code>{ $example }</code>
num-out-of-range = The value must be between { $min } and { $max } { $unit }.
num-wrong-unit = The unit “{ $given }” does not fit: this indicator is in { $unit }.
num-negative = The value cannot be negative.

## Viewing reports, status
view-none = { $board } has not sent its { $month } report.
view-head =
    <b>{ $month } report — { $board }</b>
    Reference { $reference }, sent at { $at }{ $late ->
        [yes] {" "}(late)
       *[no] {""}
    }
view-revision = ✏️ Revision { $revision }: { $at }, { $name }, { $count ->
        [one] 1 item
       *[other] { $count } items
    }. Reason: { $reason }
status-head = <b>Reporting status</b>
status-submitted = ✅ sent { $at } ({ $reference })
status-late = ⏰ sent late { $at } ({ $reference })
status-amended = (amended { $count ->
        [one] once
       *[other] { $count } times
    })
status-missing = ⏳ not sent, due { $deadline }
status-missing-overdue = ❌ not sent, overdue
status-first-period = • Reports from { $first } on; nothing before is owed.
status-draft = (draft in progress)
lock-usage = Usage: <code>/lock { $examplePeriod }</code> or <code>/unlock { $examplePeriod }</code>
period-locked = 🔒 { $month } is locked: nothing can be sent or changed.
period-unlocked = 🔓 { $month } is open again.
draft-closed-idle = Your draft of the { $month } report of { $board } was closed after a long pause. What you typed is kept: send /report to continue or start again.

## Reminders
cmd-digest = Post the reporting status to the group
cmd-unlock = Reopen a locked period
remind-before = ⏰ Reminder: <b>{ $board }</b> has not sent its { $month } report. Due { $deadline } ({ $days ->
        [one] 1 day left
       *[other] { $days } days left
    }).
remind-today = ⏰ The { $month } report is due today ({ $deadline }). <b>{ $board }</b> has not sent it.
remind-overdue = ⚠️ The { $month } report of <b>{ $board }</b> is { $days ->
        [one] 1 day overdue
       *[other] { $days } days overdue
    } (due { $deadline }). Please send it soon.
remind-head = ⚠️ To the board's head: <b>{ $board }</b> has not sent its { $month } report, { $days ->
        [one] 1 day overdue
       *[other] { $days } days overdue
    } (due { $deadline }). Please ask your focal person.
remind-button = 📝 Report now
remind-group = 📣 The { $month } reports are { $days ->
        [one] 1 day overdue
       *[other] { $days } days overdue
    }. { $count ->
        [one] 1 board has not sent its report
       *[other] { $count } boards have not sent theirs
    }: { $boards }.
digest-head = <b>Reporting status for { $month }</b> (due { $deadline })
digest-count = Sent: { $reported }/{ $total } boards.
digest-missing = Missing: { $boards }.
digest-none-missing = Every board has reported. Thank you!
digest-late = Late: { $boards }.
digest-no-group = The bloc's group is not linked yet: send /linkgroup in the group first.
digest-posted = Posted to the group.
digest-sent-privately = The bloc has no Telegram group: the reporting digest went privately to { $count } focal persons and heads of boards.
nudge-started = Sending reminders to the boards still missing…
nudge-done = Reminded { $boards ->
        [one] 1 board
       *[other] { $boards } boards
    } ({ $sent ->
        [one] 1 message
       *[other] { $sent } messages
    }).
unreachable-none = The bot can reach everyone.
unreachable-head = <b>{ $count ->
        [one] 1 person the bot cannot write to
       *[other] { $count } people the bot cannot write to
    }</b> (they blocked the bot or never opened it). Ask them to open the bot and send /start:
audience-focal = focal persons
audience-head = board heads
audience-group = { $where ->
        [private] each board's focal persons and heads (privately: the bloc has no Telegram group)
       *[group] the group
    }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
schedule-head = <b>Reporting and reminder schedule</b>
schedule-period-calendar = • Periods: calendar months.
schedule-period-day = • Periods: from day { $day } of the previous month to day { $last } of the month.
schedule-deadline = • Deadline: { $time }, { $days ->
        [1] 1 day
       *[other] { $days } days
    } after the period ends; { $rule ->
        [next] on a day off it moves to the next working day.
        [previous] on a day off it moves to the working day before.
       *[keep] it stays even on a day off.
    }
schedule-deadline-of = { $month }: due { $at }.
schedule-deadline-moved = { $month }: due { $at } ({ $day } is a day off).
schedule-slots = • Reminders for { $month }:
schedule-no-slots = none
schedule-when = { $side ->
        [before] { $days ->
            [1] 1 day
           *[other] { $days } days
        } before the deadline
        [after] { $days ->
            [1] 1 day
           *[other] { $days } days
        } after the deadline
       *[on] On the deadline day
    }
schedule-slot = – { $when }, { $time }, to { $audience }: { $at }
schedule-slot-moved = – { $when }, { $time }, to { $audience }: moved to { $at }
schedule-slot-merged = – { $when }, { $time }, to { $audience }: merged into the reminder of { $at }
schedule-digest = • When the deadline passes, the bot { $where ->
        [private] sends who has reported to each board's focal persons and heads privately, as the bloc has no Telegram group
       *[group] posts who has reported in the group
    } ({ $month }: { $at }).
schedule-summary = • Automatic summary, { $where ->
        [private] sent privately to each board's focal persons and heads
       *[group] posted in the group
    }: { $days ->
        [0] on the deadline day
        [1] 1 day after the deadline
       *[other] { $days } days after the deadline
    }, at { $time } ({ $month }: { $at }).
schedule-summary-wait = • The summary waits until { $pct } of the boards have reported, at the latest { $days ->
        [1] 1 day
       *[other] { $days } days
    } after the deadline ({ $at }); the summary says how many reported.
schedule-no-summary = • No automatic summary.
schedule-weekly-off = • Weekly days off: { $days }.
schedule-no-weekly-off = • No weekly days off.
schedule-holidays = • Holidays listed: { $count }; next: { $next }.
schedule-holidays-none-ahead = • Holidays listed: { $count }, none ahead. An administrator should add them when the government announces the days off.
schedule-no-holidays = • No holidays listed.
schedule-quiet-both = • The bot posts nothing from { $from } to { $to } or on days off; what falls due then is sent when that time ends.
schedule-quiet-hours = • The bot posts nothing from { $from } to { $to } (days off included); what falls due then is sent at { $to }.
schedule-quiet-days = • The bot posts nothing on days off; what falls due on one is sent on the next working day.
schedule-quiet-none = • The bot posts at any hour, days off included.
schedule-move = • A reminder before the deadline that falls on a day off is sent { $move ->
        [earlier] on the working day before
       *[later] on the next working day
    }; one after the deadline, on the next working day.
schedule-one-a-day = • Each person gets at most one reminder a day; the one nearest the deadline is kept.
schedule-usage =
    Changes (administrators): <code>/schedule deadline 5 17:00</code> · <code>/schedule deadline-on-day-off next|previous|keep</code> · <code>/schedule slot -2 09:00 focal</code> (2 days before the deadline; <code>focal</code>, <code>head</code> or <code>group</code>) · <code>/schedule unslot -2 09:00</code> · <code>/schedule quiet 21:00 07:00</code> (or <code>off</code>) · <code>/schedule weekends on|off</code> (or <code>sat,sun</code>) · <code>/schedule holiday { $exampleHoliday } { $exampleHolidayNext }</code> · <code>/schedule unholiday { $exampleHoliday }</code> · <code>/schedule posts-on-days-off on|off</code> · <code>/schedule move earlier|later</code> · <code>/schedule period calendar</code> or <code>/schedule period day 15</code> · <code>/schedule summary 1 08:30</code> (or <code>off</code>)
schedule-invalid = Not changed: field <code>{ $field }</code> { $error }.
schedule-changed = ✅ Schedule updated.

## Ballots
cmd-closeballot = Close a ballot early
cmd-openballot = End nominations, open the vote
cmd-cancelballot = Cancel a ballot
ballot-kind-leader = Bloc leader
ballot-kind-deputy = Bloc deputy
ballot-kind-award = Award proposal
ballot-kind-motion = Motion (yes / no)
ballot-default-title-leader = Election of the bloc leader for { $year }
ballot-default-title-deputy = Election of the bloc deputy for { $year }
ballot-default-title-award = Proposal for the { $award } { $year }
ballot-default-title-motion = Approval of the { $year } emulation covenant
motion-yes = Yes
motion-no = No
motion-abstain = Abstain
motion-options = Yes / No / Abstain
tie-runoff = a runoff between the tied boards
tie-leader = the bloc leader decides
tie-motion = the motion fails (it needs more “yes” than “no” votes)
ballot-head = 🗳 <b>{ $title }</b> (no. { $id })
ballot-rules = { $secret ->
        [yes] Secret ballot
       *[no] Open ballot
    } · each board picks up to { $picks } · closes { $closes } · { $quorum ->
        [0] no minimum turnout ({ $eligible } boards)
       *[other] at least { $quorum }/{ $eligible } boards needed
    } · on a tie: { $tie }
ballot-how = Choose your board's option. One vote per board, changeable until the close; the last one counts.
ballot-how-multi = Choose or unchoose each option (up to { $picks }). One vote per board, changeable until the close.
ballot-how-private = Choose your board's option below (on Zalo: type its number). One vote per board, changeable until the close; the last one counts.
ballot-how-multi-private = Choose or unchoose each option below (up to { $picks }; on Zalo: type its number, one at a time). One vote per board, changeable until the close.
ballot-progress = Voted: { $voted }/{ $eligible }{ $voted ->
        [0] {""}
       *[other] {" "}— { $boards }
    }
ballot-secret-floor = Secret ballot: the result is published only if at least { $min ->
        [one] 1 board votes
       *[other] { $min } boards vote
    }.
ballot-closed-note = 🔒 Closed.
ballot-closed-alert = This ballot is closed.
ballot-not-voter = Only a focal person or the head of a board with a vote can vote.
ballot-several-boards = You represent several boards: the bot sent you a private message to choose which board this vote is for.
ballot-open-bot = Please open the bot (send /start in a private chat), then choose again.
ballot-which-board = The vote “{ $choice }” in “{ $title }” is for which board?
ballot-error-too_many = Your board has already picked { $picks }. Choose a chosen option again to unselect it, then pick another.
ballot-error-unknown_candidate = This option is not on the ballot.
ballot-error-self_vote = A board may not propose itself in this ballot.
ballot-error-retired_candidate = This board is no longer active and cannot be chosen.
vote-recorded = Receipt { $receipt }. Recorded { $board }'s vote: { $choice } ({ $picks }).{ $replaced ->
        [yes] {" "}It replaces the board's earlier vote.
       *[no] {""}
    }
vote-withdrawn = { $board }'s vote is withdrawn (nothing selected).
vote-withdrawn-receipt = 🗳 <b>{ $title }</b> — ballot no. { $id }
    The vote of <b>{ $board }</b> was withdrawn (nothing chosen); you can choose again until { $closes }.
vote-receipt = 🗳 <b>{ $title }</b> — ballot no. { $id }
    Vote of <b>{ $board }</b>: { $choice } ({ $picks }){ $replaced ->
        [yes] {" "}— replaces the board's earlier vote
       *[no] {""}
    }
    Receipt: <code>{ $receipt }</code> — keep it to check your vote in the published results.
    You can change it until { $closes }; the last vote counts.
vote-receipt-secret = 🔒 Secret ballot. The receipt lets your board find its own vote in the list published with the result; anyone who sees this receipt can tell your board's choice there, so keep it to yourself.
ballot-remind = 🗳 <b>{ $board }</b> has not voted in “{ $title }”. It closes at { $closes }: { $where ->
        [private] please vote in the message the bot sent you in private (<code>/ballots { $id }</code> sends it again).
       *[group] please vote in the bloc's group.
    }
result-head = 📊 <b>Result: { $title }</b> (no. { $id })
result-turnout = Turnout: { $turnout }/{ $eligible } boards { $quorum ->
        [0] (no minimum turnout)
       *[other] ({ $quorum } needed) — { $met ->
            [yes] quorum met
           *[no] quorum not met
        }
    }
result-zero-omitted = <i>{ $count } more with no votes; all counts: /ballots { $id }</i>
result-no-quorum = Too few boards took part: the result is not valid.
result-motion-passed = ✅ The motion is approved.
result-motion-failed = ❌ The motion is not approved.
result-winners-leader = ✅ Bloc leader for { $year }: <b>{ $names }</b>.
result-winners-deputy = ✅ Bloc deputy for { $year }: <b>{ $names }</b>.
result-winners-award = ✅ The bloc proposes: <b>{ $names }</b>.
result-winners-award-unanimous = ✅ The bloc proposes, unanimously: <b>{ $names }</b>.
result-tie-runoff = ⚖️ Tie between { $names }: a runoff between them follows.
result-tie-leader = ⚖️ Tie between { $names }: the bloc leader will decide.
result-no-winner = No board was chosen.
result-void-secret = Only { $turnout }/{ $eligible } boards voted, fewer than the { $min } a secret ballot needs: with so few votes the counts would tell each board's choice. The ballot is void; no counts or receipt codes are published, and the votes have been deleted.
result-receipts = Receipt codes and choices (so each board can check its own vote):
runoff-title = Runoff: { $title }
nomination-head = 📝 <b>Nominations: { $title }</b> (no. { $id })
nomination-how = Each board chooses the board it nominates (choose again to withdraw). The secretariat then opens the vote with /openballot.
nomination-how-private = Choose the board your board nominates (on Zalo: type its number; choose again to withdraw). The secretariat then opens the vote with /openballot.
nomination-progress = Nominated: { $boards }
nomination-added = Nominated { $board }.
nomination-which-board = Nominate { $board } in “{ $title }” on behalf of which board?
nomination-closed = 🔒 Nominations are over; please vote in the new message.
newballot-closes-in = { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    } after { $privately ->
        [yes] sending
       *[no] posting
    }
nomination-removed = Withdrew the nomination of { $board }.
ballots-none = No ballots yet.
ballots-no-result = Ballot { $id } has no result yet.
ballots-head = <b>Ballots</b> (all counts, or an open ballot sent again: <code>/ballots NO</code>)
ballots-line = • no. { $id }: { $title } — { $status }, { $at }; turnout { $turnout }{ $quorum ->
        [none] {" "}(no minimum)
       *[other] , quorum { $quorum }
    }
ballots-officer = { $role } { $year }: <b>{ $board }</b>
ballots-manage = Manage: <code>/closeballot NO</code> close early · <code>/cancelballot NO</code> cancel · <code>/openballot NO [hours]</code> end nominations
ballots-again = Your board has ballots to vote in: choose below to have one sent again.
ballots-again-choice = 🗳 Send ballot no. { $id } again
ballot-not-yours = This ballot is no longer open, or your board does not vote in it.
ballot-status-open = open
ballot-status-nominating = nominations
ballot-status-closed = closed
ballot-status-cancelled = cancelled
ballot-not-found = There is no ballot with this number. Send /ballots to see them.
ballot-not-open = This ballot is not open any more.
ballot-closed-now = Closed; the result is posted in the group.
ballot-closed-waiting = The ballot is closed; its result is not posted to the group yet.
ballot-closed-privately = The ballot is closed. The bloc has no Telegram group: the result went privately to { $count } focal persons and heads of boards.
ballot-cancelled = The ballot is cancelled.
ballot-not-nominating = This ballot is not in its nomination round.
openballot-usage = Usage: <code>/openballot NO [hours the vote stays open, default 24]</code>
openballot-too-few = At least 2 boards must be nominated.
newballot-kind = New ballot: which kind?
newballot-year = For which year?
newballot-title = Title: “{ $title }”. Use it, or type another.
newballot-title-length = The title needs 3 to 200 characters.
newballot-candidates = Which boards are the options?
newballot-pick-boards = Choose the boards (again to leave one out), then “Done”.
newballot-need-two = Choose at least 2 boards.
newballot-picks = How many may each board pick? (up to { $proposed } are proposed; default ★ { $default })
newballot-secret = Secret or open ballot?
newballot-closes = When does it close? Choose, or type a date and time like { $exampleClosesAt }.
newballot-closes-bad = Not a valid time: use { $exampleClosesAt }, at least 10 minutes ahead and within 90 days.
newballot-quorum = How many boards must take part (of { $eligible })?
newballot-tie = What happens on a tie?
newballot-summary =
    <b>{ $privately ->
        [yes] Check before sending
       *[no] Check before posting
    }</b>
    Title: { $title }
    Kind: { $kind } ({ $year })
    Options: { $candidates }
    Each board picks up to { $picks }; at most { $proposed } chosen
    { $secret ->
        [yes] Secret ballot
       *[no] Open ballot
    }; closes { $closes }
    { $quorum ->
        [0] No minimum turnout ({ $eligible } boards)
       *[other] At least { $quorum }/{ $eligible } boards
    }; on a tie: { $tie }
newballot-posted = ✅ Ballot no. { $id } is posted in the group.
newballot-waiting = Ballot no. { $id } is created, but not posted to the group yet.
newballot-posted-nominations = ✅ The nomination round (no. { $id }) is posted in the group. When ready, send <code>/openballot { $id }</code> to open the vote.
newballot-sent-privately = ✅ The bloc has no Telegram group: { $nominations ->
        [yes] the nomination round (no. { $id }) went privately to { $count } focal persons and heads of boards. When ready, send <code>/openballot { $id }</code> to open the vote.
       *[no] ballot no. { $id } went privately to { $count } focal persons and heads of boards, to vote.
    }
newballot-cancelled = Cancelled; nothing was posted.
btn-use-title = Use this title
btn-all-boards = All boards
btn-choose-boards = Choose some boards
btn-nominations = Nomination round
btn-done = Done ({ $count })
btn-secret = 🔒 Secret
btn-open = Open
btn-hours = { $n ->
        [one] 1 hour
       *[other] { $n } hours
    }
btn-days = { $n ->
        [one] 1 day
       *[other] { $n } days
    }
btn-quorum-half = More than half ({ $n })
btn-quorum-two-thirds = Two thirds ({ $n })
btn-quorum-none = None
btn-post = 📣 Post in the group
btn-send-privately = 📨 Send to each board privately
newballot-goes-privately = The bloc has no Telegram group: the { $nominations ->
        [yes] nomination round
       *[no] ballot
    } will go privately to each board's focal persons and heads.

## History of officers and award proposals (/record)
record-usage =
    Record the leader, deputy and award proposals of years not voted through the bot:
    <code>/record { $exampleLastYear } leader HNA</code> — the leader for { $exampleLastYear }
    <code>/record { $exampleLastYear } deputy VP</code> — the deputy for { $exampleLastYear }
    <code>/record { $exampleLastYear } { $award } HP ND</code> — the boards proposed for an award for { $exampleLastYear }
    <code>/record { $exampleLastYear } deputy -</code> — clear what was recorded
    <code>/record { $exampleLastYear }</code> — show { $exampleLastYear }; <code>/record</code> — show recent years
    Award codes: { $awards }. Board codes: see /boards. Record again to correct.
record-history-head = <b>Leaders, deputies and award proposals by year</b>
record-history-none = No year is recorded yet.
record-year-head = <b>{ $year }</b>
record-none = not recorded
record-bad-year = The year must be between { $min } and { $max }.
record-bad-slot = “{ $slot }” is not <code>leader</code>, <code>deputy</code> or an award code ({ $awards }).
record-one-board = A year's leader (or deputy) is one board; use “-” to clear it.
record-too-many = One record names at most { $max ->
        [one] 1 board
       *[other] { $max } boards
    }.
record-unknown-boards = There is no board with the code { $codes }. See the codes with /boards.
record-unchanged = { $slot } for { $year } is already recorded so; nothing changed.
record-same-board = { $board } is the { $role } for { $year }. The leader and the deputy must be two different boards.
record-preview =
    Record <b>{ $slot } for { $year }</b>
    Now: { $before }
    New: { $after }
    Confirm?
record-btn-confirm = ✅ Confirm
record-btn-undo = ↩ Undo
record-done = ✅ Recorded { $slot } for { $year }: { $after }.
record-cancelled = Cancelled; nothing changed.
record-stale = { $slot } for { $year } changed after you saw the preview, so nothing was recorded. Please send /record again.
record-undone = ↩ Undone. { $slot } for { $year }: { $after }.
record-undo-stale = Cannot undo: { $slot } for { $year } changed after this record.

## Summaries
cmd-annual = Draft of the year's report
range-quarter = Q{ $quarter } { $year }
range-year = the year { $year }
range-ytd = { $year } to month { $month }
cmp-base-year = { $year }
cmp-base-period = the same period last year
cmp-flow = { $pct } of { $base }
cmp-stock-up = up { $pct } on { $base }
cmp-stock-down = down { $pct } on { $base }
cmp-stock-same = the same as { $base }
cmp-none = no figures for the same period last year
summary-head = 📊 <b>Summary for { $period }</b> — { $bloc }
summary-completeness = Figures: { $received }/{ $expected } boards ({ $pct }).
summary-completeness-multi = Figures: { $received }/{ $expected } monthly reports ({ $pct }), { $boards }/{ $total } boards with figures.
summary-missing = Missing: { $boards }.
summary-late = Late: { $boards }.
summary-no-figures = (no figures)
summary-and-more = and { $count } more
summary-rows-more = … and { $count ->
        [one] 1 more board
       *[other] { $count } more boards
    }: see the spreadsheet
summary-totals = <b>Bloc totals</b>
summary-totals-window = <i>Indicators { $from }–{ $to } of { $total }; ⏪ ⏩ for the others, the spreadsheet has them all.</i>
summary-by-board = <b>By board</b>: { $indicator } ({ $unit })
summary-legend = <i>✗ no figures · … months missing · ⏰ late</i>
cmp-like-for-like = { $cmp }, over the { $boards } { $boards ->
        [1] board
       *[other] boards
    } with figures in both periods (all figures: { $plain })
cmp-plain-none = no figures for the same period last year
summary-coverage-complete = all { $reported }/{ $owing } boards
summary-coverage-partial = ⚠️ { $reported } of { $owing } { $owing ->
        [1] board
       *[other] boards
    } reported
summary-coverage-partial-multi = ⚠️ { $reported } of { $owing } { $owing ->
        [1] board
       *[other] boards
    } reported every month
summary-totals-partial = <b>Sum of the { $boards } { $boards ->
        [1] board
       *[other] boards
    } with figures</b> (not all { $owing })
summary-short-head = 📊 <b>Summary for { $period }</b>
summary-short-totals-partial = <b>Sum of { $boards } { $boards ->
        [1] board
       *[other] boards
    } with figures</b>
summary-short-missing = Not reported: { $boards }.
summary-short-missing-multi = Not fully reported: { $boards }.
summary-short-totals = { $totals }, against { $base }:
summary-short-totals-lfl = { $totals }, against { $base } (* same boards):
summary-short-more = … and { $count } more { $count ->
        [1] indicator
       *[other] indicators
    }: see “Details”.
summary-btn-details = 📋 Details
summary-btn-short = ↩ Short
summary-btn-coverage = 🗂 Reported { $reported }/{ $owing }
summary-coverage-reported = <b>Reported ({ $count })</b>: { $boards }.
summary-coverage-partial-list = <b>Months missing ({ $count })</b>: { $boards }.
summary-coverage-none = <b>Not reported ({ $count })</b>: { $boards }.
summary-coverage-late = <b>Late ({ $count })</b>: { $boards }.
summary-caption = Summary for { $period }
summary-caption-partial = : figures of the boards that reported
summary-btn-indicator = Indicator { $index }/{ $total }
summary-btn-chart = 📈 Charts
summary-btn-xlsx = 📑 Spreadsheet
summary-xlsx-caption = Summary for { $period }
summary-not-allowed = Sorry, only the bloc leader, the deputy, the secretariat and administrators can see the summaries.
summary-usage = Usage: <code>/summary</code> (latest month), <code>/summary { $examplePeriod }</code>, <code>/summary { $exampleQuarter }</code>, <code>/summary { $exampleYear }</code>, <code>/summary ytd</code>
annual-usage = Usage: <code>/annual { $exampleLastYear }</code>
annual-caption = Draft of the { $year } year-end report
file-prefix = summary
import-usage = Send a CSV or XLSX file with the caption <code>/import</code>. First row: <code>board,period,fdi_new,ddi_new,…</code> (board code, period as { $examplePeriod }, { $exampleMonthSlash } or { $exampleMonthName }, then one column per indicator code).
import-too-big = The file is too big (5 MB at most).
import-failed = Could not fetch the file. Please try again.
import-done = Reports imported: { $imported }; rows rejected: { $rejected }.
import-row = Row { $row }
import-no-header = the file has no header row (board, period, the indicator codes)
import-missing-column = column “{ $column }” is missing
import-unknown-column = column “{ $column }” is not an indicator code
import-duplicate-column = column “{ $column }” appears twice
import-unknown-board = no board with code “{ $board }”
import-bad-period = period “{ $period }” is not valid (write { $examplePeriod }, { $exampleMonthSlash } or { $exampleMonthName })
import-period-date = “{ $period }” is a day, not a reporting period (write { $examplePeriod }, or the first of the month such as { $exampleFirstDay })
import-future-period = period { $period } is not over yet
import-bad-value = column { $column }: “{ $value }” { $reason }
import-cell-error = column { $column }: the cell holds Excel's error value { $code }
import-formula-no-result = column { $column }: the cell holds a formula that was never calculated (open the file in Excel, save it and send it again)
import-empty-row = no figures
import-duplicate-row = same board and period as an earlier row
import-exists = { $board } already has a report for { $period }; not overwritten
import-reason-empty = empty
import-reason-not-a-number = is not a number
import-reason-bad-separators = has wrong separators
import-reason-not-integer = must be a whole number
import-reason-too-many-decimals = has too many decimals
import-reason-below-min = is below the minimum
import-reason-above-max = is above the maximum
import-reason-wrong-unit = has the wrong unit
import-reason-negative = cannot be negative
import-reason-date = is a date, not a number
import-progress = ⏳ Importing “{ $file }”: { $percent } (rows read: { $rows })…
import-progress-done = ✅ Read all of “{ $file }”; rows read: { $rows }.
import-encoding-1258 = The CSV file is not UTF-8, so it was read in the Vietnamese Windows-1258 code page.
import-stopped-unreadable = Could not read the file: it must be an undamaged CSV or XLSX file (Excel 2007 or later).
import-stopped-legacy = This is an old Excel file (.xls) or a password-protected one: open it in Excel, remove any password, save it as .xlsx or CSV UTF-8 and send it again.
import-stopped-too-many-columns = Row { $row } has more than { $max } columns, which is not a sheet of figures: reading stopped.
import-stopped-row-too-long = Row { $row } is longer than { $max } characters: reading stopped.
import-stopped-unpacked-too-big = The XLSX file unpacks to more than { $max } MB: reading stopped. Split the file or send it as CSV.

## Charts
chart-board-title = { $indicator } ({ $unit }) by board, { $period }
chart-trend-title = { $indicator } ({ $unit }) by month, { $year } against { $previous }
chart-axis-board = Board
chart-axis-month = Month
chart-series-current = { $year }
chart-series-previous = { $year }
chart-no-data = no figure
chart-period-month = { $monthName } { $year }
chart-period-quarter = Q{ $quarter } { $year }
chart-period-year = { $year }
chart-period-ytd = January–{ $monthName } { $year }

## Spreadsheet, year-end report
xlsx-sheet-totals = Totals
xlsx-sheet-boards = By board
xlsx-sheet-months = By month
xlsx-title-totals = Bloc totals, { $period }
xlsx-title-totals-partial = Figures of the boards that reported, { $period }
xlsx-title-boards = Figures by board, { $period }
xlsx-title-months = Figures by month, { $period }
xlsx-completeness = Received { $received } of { $expected } monthly reports from the boards.
xlsx-partial = Incomplete: { $reported } of { $owing } { $owing ->
        [1] board
       *[other] boards
    } reported in full; the totals are the sum of the { $boards } { $boards ->
        [1] board
       *[other] boards
    } with figures, not the whole bloc. The “same boards” column compares the boards with figures in both periods.
xlsx-col-no = No.
xlsx-col-indicator = Indicator
xlsx-col-unit = Unit
xlsx-col-total = This period
xlsx-col-previous = Same period { $year }
xlsx-col-ratio = Compared with the same period
xlsx-col-ratio-like = Against last year, same boards
xlsx-col-board = Board
xlsx-col-with-unit = { $name } ({ $unit })
xlsx-col-in-year = { $indicator }, { $year }
xlsx-col-reported-months = Months reported
xlsx-col-month = Month
xlsx-col-boards-reported = Boards reported
xlsx-month = { $month }/{ $year }
xlsx-row-bloc-total = Whole bloc
xlsx-row-reported-total = Sum of { $boards } { $boards ->
        [1] board
       *[other] boards
    } with figures (of { $owing })
xlsx-row-period-total = Whole period
annual-issuer-placeholder = NAME OF THE BOARD LEADING THE BLOC IN { $year }
annual-place-placeholder = Place
annual-number = No.: { $number }/BC-{ $code }
annual-nation = SOCIALIST REPUBLIC OF VIETNAM
annual-motto = Independence - Freedom - Happiness
annual-place-date = { $place }, { $day }/{ $month }/{ $year }
annual-doc-type = REPORT
annual-subject = Review of emulation and commendation work in { $year } and tasks for { $next }
annual-to = To: { $recipient }
annual-to-placeholder = Name of the agency receiving the report
annual-opening = Pursuant to { $basis }, the { $bloc } reports on its emulation and commendation work in { $year } and its tasks for { $next } as follows:
annual-basis-placeholder = the guidance on emulation and commendation work for { $year }
annual-section-movements = I. EMULATION MOVEMENTS IN { $year }
annual-movements-direction = 1. Direction and organisation of the emulation movements
annual-movements-direction-placeholder = The emulation covenant; plans, guidance and how the movements were organised in the bloc.
annual-movements-results = 2. Results of the emulation movements
annual-movements-results-placeholder = The movements carried out and their main results; outstanding examples and good practices.
annual-movements-limits = 3. Shortcomings and their causes
annual-movements-limits-placeholder = Shortcomings and their causes.
annual-figures-intro = The main indicators of { $year } against { $base }:
annual-col-indicator = Indicator
annual-col-unit = Unit
annual-col-year = { $year }
annual-col-months = { $months ->
        [one] January { $year }
       *[other] { $months } months of { $year }
    }
annual-col-ratio = { $year } against { $base }
annual-col-ratio-ytd = Against the same months
annual-appendix-ref = The figures of each member board are in the appendix.
annual-section-commendation = III. COMMENDATION
annual-section-tasks = IV. TASKS FOR { $year }
annual-tasks-intro = In { $year }, building on the results of { $previous }, the bloc will concentrate on the following main tasks:
annual-task-placeholder = Task
annual-closing = This is the { $bloc }'s review of its emulation and commendation work in { $year } and its tasks for { $next }./.
annual-recipients-head = Recipients:
annual-recipient-above = - As above;
annual-recipient-members = - The member boards of the bloc;
annual-recipient-archive = - Archive: VT, { $unit }.
annual-sign-authority = FOR THE EMULATION BLOC
annual-sign-title = BLOC LEADER
annual-sign-name = Full name
annual-appendix = Appendix
annual-appendix-note = (Attached to the { $bloc }'s review of its emulation and commendation work in { $year })
annual-section-results = II. MAIN RESULTS IN { $year }
annual-results-intro = Through the efforts of its members, in { $year } the bloc achieved the following main results:
annual-investment-label = Investment promotion and attraction:
annual-investment = In { $year }: { $details }.
annual-new-projects = investment registration certificates issued for { $total ->
        [one] 1 new project
       *[other] { $total } new projects
    }, { $fdi } FDI and { $ddi } DDI
annual-adjustments = certificates adjusted for { $total ->
        [one] 1 project
       *[other] { $total } projects
    }, { $fdi } FDI and { $ddi } DDI
annual-capital = new and added capital registered in { $year } estimated at { $fdi } for FDI projects and { $ddi } for DDI projects
annual-business-label = Business of the firms in the industrial, export-processing and economic zones:
annual-business = In { $year }: { $details }.
annual-revenue = revenue of FDI firms estimated at { $fdi }; revenue of DDI firms estimated at { $ddi }
annual-budget = state-budget payments of FDI and DDI firms estimated at { $fdi } and { $ddi } respectively
annual-workers = In { $year }, the member boards attracted and provided stable jobs in the zones for { $value }.
annual-workers-change = In { $year }, the member boards attracted and provided stable jobs in the zones for { $value }, { $change } (estimate).
annual-other-intro = Other indicators:
annual-other = { $name }: { $value }.
annual-no-data = no figures yet
annual-cmp-flow = { $percent } of { $year }
annual-cmp-up = up { $percent } on { $year }
annual-cmp-down = down { $percent } on { $year }
annual-cmp-same = unchanged from { $year }
annual-incomplete = Note: figures compiled from { $received } of { $expected } monthly reports ({ $reported } of { $owing } { $owing ->
        [1] board
       *[other] boards
    } reported in full); the totals are the sum of the boards that reported; boards with reports missing: { $boards }.
annual-like-for-like = Over the same boards, those with figures in both years: { $list }.
annual-boards = boards
annual-appendix-title = FIGURES OF THE MEMBER BOARDS, { $year }
annual-table-no = No.
annual-table-board = Board
annual-table-column = { $name } ({ $unit })
annual-table-total = Whole bloc
annual-election-head = 1. Election of the bloc's leader and deputy for { $year }
annual-election = The members elected { $leader } bloc leader for { $year } and { $deputy } deputy leader for { $year }.
annual-election-leader = The members elected { $leader } bloc leader for { $year }.
annual-election-deputy = The members elected { $deputy } deputy leader for { $year }.
annual-election-none = The bloc has not elected its leader and deputy for { $year } yet.
annual-awards-head = 2. Award proposals for { $year }
annual-proposals = In recognition of its members' contributions in { $year }, the bloc proposes { $items }.
annual-proposal-item = the { $award } for { $boards }
annual-proposals-none = The bloc makes no award proposals for { $year }.
annual-and = and
annual-cmp-flow-ytd = { $percent } of the same months of { $year }
annual-cmp-up-ytd = up { $percent } on the same months of { $year }
annual-cmp-down-ytd = down { $percent } on the same months of { $year }
annual-cmp-same-ytd = unchanged from the same months of { $year }

## People with roles, taking roles back (/people, /revoke)
people-head = <b>People with roles</b> ({ $count }):
people-none = Nobody holds a role yet.
people-config-admins = <b>Administrators by configuration</b> (ADMIN_IDS; chat cannot take this back):
people-recent = <b>Recently taken back</b>
people-revoked-line = { $at } · { $name }: { $roles } · by { $by } · reason: { $reason }
people-help = To take a role back: /revoke (step by step) or <code>/revoke #N BOARD focal|head | reason</code>, <code>/revoke #N all | reason</code>
revoke-usage = Usage: <code>/revoke</code> to choose step by step; or <code>/revoke #N BOARD focal|head | reason</code>, <code>/revoke #N - secretariat|admin | reason</code>, <code>/revoke #N all | reason</code> (N from /people; @username works too).
revoke-who-unknown = Nobody found as “{ $who }”. /people shows each person's number.
revoke-choose-person = Whose role do you want to take back?
revoke-more-people = { $count ->
        [one] 1 more person
       *[other] { $count } more people
    }: see /people and send <code>/revoke #N</code>.
revoke-choose-role = Which of <b>{ $name }</b>'s roles?
revoke-all-roles = All roles
revoke-no-roles = <b>{ $name }</b> holds no role now.
revoke-nothing = This person does not hold that role (or it was already taken back).
revoke-ask-reason =
    Take back from <b>{ $name }</b>:
    { $roles }
    Why? Choose a reason below, or type another: <code>{ $typed }</code>
revoke-reason-left = Moved to another post or left
revoke-reason-duties = Duties changed
revoke-reason-mistake = Granted by mistake
revoke-confirm =
    Take back from <b>{ $name }</b>:
    { $roles }
    Reason: { $reason }
    Confirm? The person will be told; anything they are doing with these roles stops.
revoke-btn-confirm = ✅ Confirm
revoke-config-admin = <b>{ $name }</b> is an administrator by configuration (ADMIN_IDS): chat cannot take that back. To do so, remove this Telegram ID from ADMIN_IDS and restart the bot.
revoke-config-admin-stays = Note: this person stays an administrator by configuration (ADMIN_IDS); chat cannot take that back.
revoke-last-admin = <b>{ $name }</b>'s administrator role cannot be taken back: it is the bot's last administrator. Invite another administrator first (/invite - admin).
revoke-changed = The roles changed while waiting for the confirmation (another administrator may have just taken them back). Nothing was changed; please start again with /revoke.
revoke-expired = This request is more than an hour old and no longer valid. Please start again with /revoke.
revoke-cancelled = Cancelled: no role was taken back.
revoke-done =
    ✅ Taken back from <b>{ $name }</b>:
    { $roles }
    The person has been told; their command menu is updated.
revoke-invites-withdrawn = Also withdrawn: { $count } unused invitations (created by this person, or for a role just taken back). Create new ones with /invite if needed.
revoke-notice =
    These roles of yours in the bloc have ended:
    { $roles }
dialogue-role-ended = The role this needs has been taken back from you, so what you were doing has stopped; figures not yet sent were not kept.

## Zalo (src/messengers/zalo): fixed texts, in the bloc's default language (Zalo does not tell a person's language)
zalo-unsupported = The bot can only read text messages. Please send your message as text, or type /help to see the commands.
zalo-files-unavailable = This file is available on Telegram for now; on Zalo, files become available once an administrator sets the bot's public address (PUBLIC_URL).
zalo-typed-choice = { $label }: type “{ $words }”
zalo-menu-reference = To answer this list even after the bot has sent another one, type “{ $ref }” and the number, e.g. “{ $ref } 1”. A number alone answers the latest list the bot sent.
zalo-menu-no-choice = List “{ $ref }” has no choice “{ $answer }”. Please check the numbers in that list.
