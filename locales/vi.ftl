## Tiếng Việt (mặc định). Giá trị chèn vào đã được định dạng và thoát HTML trong mã.

## Lệnh
cmd-start = Bắt đầu, menu chính
cmd-report = Báo cáo số liệu tháng
cmd-status = Tình hình báo cáo của đơn vị
cmd-cancel = Hủy thao tác đang làm
cmd-whoami = Thông tin và vai trò của Anh/Chị
cmd-messenger = Ứng dụng nhận tin ưu tiên
cmd-link = Liên kết tài khoản Telegram và Zalo
cmd-lang = Đổi ngôn ngữ
cmd-help = Hướng dẫn
cmd-summary = Tổng hợp số liệu của Khối
cmd-ballots = Các cuộc bỏ phiếu
cmd-boards = Danh sách các Ban Quản lý
cmd-invite = Tạo lời mời tham gia
cmd-invites = Lời mời chưa dùng (hủy lời mời)
cmd-addboard = Thêm Ban Quản lý
cmd-renameboard = Đổi tên Ban Quản lý
cmd-retireboard = Ngừng theo dõi một Ban Quản lý
cmd-mergeboard = Hợp nhất hai Ban Quản lý
cmd-reload = Nạp lại tệp cấu hình Khối
cmd-schedule = Lịch báo cáo và nhắc nhở
cmd-nudge = Nhắc ngay các đơn vị chưa báo cáo
cmd-unreachable = Người bot không liên lạc được
cmd-lock = Khóa kỳ báo cáo
cmd-newballot = Tạo cuộc bỏ phiếu
cmd-import = Nhập số liệu các năm trước
cmd-record = Ghi nhận Khối trưởng, Khối phó, khen thưởng các năm trước
cmd-people = Người có vai trò
cmd-revoke = Thu hồi vai trò

## Chung
error-generic = Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.
error-busy = Hiện bot chưa lưu được dữ liệu vì cơ sở dữ liệu đang bận (sao lưu, bảo trì). Anh/Chị vui lòng thử lại sau một phút.
export-busy = Bot đang lập nhiều tệp cùng lúc. Anh/Chị vui lòng thử lại sau một phút.
export-timeout = Chưa lập được tệp trong thời gian cho phép. Anh/Chị vui lòng thử lại sau ít phút.
export-failed = Không lập được tệp do có lỗi. Anh/Chị vui lòng thử lại sau ít phút.
rate-limit-slow-down = Tin nhắn gửi quá nhanh nên một số tin vừa rồi chưa được xử lý. Anh/Chị vui lòng chờ giây lát rồi gửi lại.
not-allowed = Anh/Chị không có quyền dùng chức năng này.
private-only = Anh/Chị vui lòng dùng lệnh này trong tin nhắn riêng với bot.
button-expired = Lựa chọn này đã hết hiệu lực.
unknown-command = Không có lệnh này. Gõ /help để xem các lệnh.
unhandled-private = Bot chưa hiểu tin nhắn này. Anh/Chị gõ /help để xem các lệnh.

## Vai trò
role-admin = Quản trị viên
role-secretariat = Thư ký Khối
role-focal = Cán bộ đầu mối
role-head = Lãnh đạo Ban
roles-none = Anh/Chị chưa có vai trò nào trong Khối.
board-status-active = đang hoạt động
board-status-retired = đã ngừng
board-status-merged = đã hợp nhất

## /start, /help, /whoami, /lang
start-welcome = Xin chào <b>{ $name }</b>!
start-about = Đây là bot của <b>{ $bloc }</b>: cán bộ đầu mối của các Ban Quản lý báo cáo số liệu hằng tháng tại đây; bot nhắc hạn báo cáo, tổ chức các cuộc bỏ phiếu của Khối và lập báo cáo tổng hợp.
start-stranger = Bot chỉ dùng được khi có lời mời: Anh/Chị cần một đường dẫn mời do quản trị viên của Khối gửi; khi mở đường dẫn đó, bot ghi nhận vai trò của Anh/Chị.
contact-line = Liên hệ: { $contact }
contact-admin = Xin liên hệ quản trị viên của bot hoặc Văn phòng Khối thi đua.
start-your-roles = Vai trò của Anh/Chị:
start-can = Anh/Chị có thể:
start-can-focal = • báo cáo số liệu tháng của đơn vị (/report) và xem tình hình báo cáo (/status)
start-can-head = • xem báo cáo của đơn vị (/report) và tình hình báo cáo (/status)
start-can-vote = • bỏ phiếu thay mặt đơn vị (trong nhóm chung của Khối, hoặc trong tin nhắn riêng khi bot gửi phiếu đến Anh/Chị)
start-can-summary = • xem tổng hợp số liệu của Khối (/summary) và dự thảo báo cáo năm (/annual)
start-can-ballots = • tạo và quản lý các cuộc bỏ phiếu (/newballot, /ballots)
start-can-admin = • quản lý các Ban Quản lý, người dùng và lời mời (/boards, /people, /invite, /revoke)
start-help-hint = Gõ /help để xem hướng dẫn đầy đủ.
help-everyone =
    <b>Lệnh chung</b>
    /start — menu chính
    /help — hướng dẫn này
    /whoami — vai trò của Anh/Chị
    /messenger — chọn ứng dụng nhận nhắc hạn và thông báo (Telegram hoặc Zalo)
    /lang — đổi ngôn ngữ (Tiếng Việt / English)
    /cancel — hủy thao tác đang làm
help-link = /link — nhận mã liên kết để dùng bot trên cả Telegram và Zalo (gõ mã cho bot trên ứng dụng kia)
help-focal =
    <b>Cán bộ đầu mối</b>
    /report — báo cáo số liệu tháng vừa qua (có thể dán cả bảng “chỉ tiêu: số liệu”); /report { $exampleEarlierPeriod } — một tháng trước còn mở
    /status — tình hình báo cáo của đơn vị trong sáu tháng gần nhất
    /schedule — lịch báo cáo và nhắc hạn
    /ballots — các cuộc bỏ phiếu; bỏ phiếu bằng lựa chọn của đơn vị dưới tin nhắn bỏ phiếu, trong nhóm chung hoặc trong tin nhắn riêng bot gửi; /ballots SỐ — nhận lại phiếu đang mở của đơn vị
help-head =
    <b>Lãnh đạo Ban</b>
    /report — xem báo cáo của đơn vị và các lần sửa
    /status — tình hình báo cáo của đơn vị trong sáu tháng gần nhất
    /schedule — lịch báo cáo và nhắc hạn
    /ballots — các cuộc bỏ phiếu; bỏ phiếu bằng lựa chọn của đơn vị dưới tin nhắn bỏ phiếu, trong nhóm chung hoặc trong tin nhắn riêng bot gửi; /ballots SỐ — nhận lại phiếu đang mở của đơn vị
help-officer =
    <b>Đơn vị Khối trưởng, Khối phó</b>
    /summary — tổng hợp số liệu (ví dụ: /summary { $examplePeriod }, /summary { $exampleQuarter }, /summary { $exampleYear })
    /annual { $exampleLastYear } — dự thảo báo cáo tổng kết năm (tệp Word)
help-secretariat =
    <b>Thư ký Khối</b>
    /summary — tổng hợp số liệu (ví dụ: /summary { $examplePeriod }, /summary { $exampleQuarter }, /summary { $exampleYear })
    /annual { $exampleLastYear } — dự thảo báo cáo tổng kết năm (tệp Word)
    /newballot — tạo cuộc bỏ phiếu; /ballots — danh sách
    /closeballot SỐ — đóng sớm; /cancelballot SỐ — hủy; /openballot SỐ [số giờ] — kết thúc đề cử, mở bỏ phiếu
    /schedule — lịch báo cáo và nhắc hạn
help-admin =
    <b>Quản trị viên</b>
    /boards — danh sách Ban Quản lý; /addboard, /renameboard, /retireboard, /mergeboard
    /people — người có vai trò; /invite — tạo lời mời; /invites — lời mời chưa dùng, hủy lời mời; /revoke — thu hồi vai trò
    /linkgroup — gửi trong nhóm để liên kết nhóm của Khối; /reload — nạp lại tệp cấu hình Khối
    /record — ghi nhận Khối trưởng, Khối phó và đề nghị khen thưởng các năm trước
    /schedule — xem và sửa lịch báo cáo, nhắc hạn (ví dụ: /schedule deadline 5 17:00)
    /lock { $examplePeriod }, /unlock { $examplePeriod } — khóa, mở lại một kỳ báo cáo
    /import — gửi tệp CSV hoặc XLSX kèm chú thích /import để nhập số liệu các năm trước
    /nudge — nhắc ngay các đơn vị chưa báo cáo; /digest — đăng tình hình nộp báo cáo; /unreachable — người bot không liên lạc được
whoami-head = <b>{ $name }</b> (nhận tin qua { $messengers })
messenger-name-telegram = Telegram
messenger-name-zalo = Zalo
messenger-preferred = { $messenger } (ưu tiên)
messenger-choose = Nhắc hạn và thông báo được gửi đến Anh/Chị qua { $preferred } trước. Chọn ứng dụng nhận tin ưu tiên:
messenger-set = Từ nay nhắc hạn và thông báo được gửi qua { $messenger } trước.
messenger-only = Anh/Chị đang nhận tin qua { $messenger }, chưa liên kết ứng dụng nào khác, nên chưa thể đổi. Để liên kết, gửi /link.
messenger-not-linked = Anh/Chị chưa nhận tin qua { $messenger } (gửi /link để nhận mã, rồi gõ mã cho bot trên { $messenger }).
link-code =
    Mã liên kết của Anh/Chị: <code>{ $code }</code>
    Trên { $messenger }, Anh/Chị gõ mã này cho bot (chữ hoa hay thường đều được) trong { $minutes } phút, trước { $expires }. Mã dùng được một lần; Anh/Chị không đưa mã cho người khác.
link-no-role = Liên kết tài khoản dành cho người đã có vai trò trong Khối. Nếu có lời mời, Anh/Chị gõ mã mời cho bot.
link-already = Anh/Chị đã dùng bot trên cả Telegram và Zalo. Chọn ứng dụng nhận tin ưu tiên bằng /messenger.
link-not-served = Bot hiện chỉ phục vụ trên { $here }, chưa có { $messenger } để liên kết.
link-done = Đã liên kết: tài khoản { $messenger } này là của Anh/Chị. Từ nay Anh/Chị dùng bot trên cả Telegram và Zalo; nhắc hạn và thông báo được gửi qua { $preferred } trước (đổi bằng /messenger).
link-done-other = Tài khoản { $messenger } của Anh/Chị đã được liên kết với bot lúc { $at }. Nếu không phải Anh/Chị làm việc này, vui lòng báo ngay cho quản trị viên.
link-unknown = Mã liên kết không đúng. Anh/Chị vui lòng kiểm tra lại mã, hoặc gửi /link trên ứng dụng đang dùng với bot để nhận mã mới.
link-used = Mã liên kết này đã được sử dụng. Mỗi mã chỉ dùng được một lần; gửi /link để nhận mã mới.
link-expired = Mã liên kết này đã hết hạn (mã có hiệu lực { $minutes } phút). Anh/Chị gửi lại /link để nhận mã mới.
link-same-messenger = Mã này cần được gõ cho bot trên { $messenger }, không phải ở đây.
link-already-linked = Tài khoản này đã được liên kết với Anh/Chị từ trước.
link-other-account = Anh/Chị đã liên kết một tài khoản { $messenger } khác với bot. Mỗi người chỉ liên kết một tài khoản trên mỗi ứng dụng.
link-taken = Tài khoản { $messenger } này đã thuộc về một người khác có vai trò trong Khối, nên không thể liên kết. Anh/Chị vui lòng liên hệ quản trị viên.
code-wrong = Mã “{ $code }” không đúng: mã mời có 10 ký tự (ví dụ K7M4Q-9TXAB), mã liên kết có 8 ký tự (ví dụ K7M4-Q9TX). Anh/Chị vui lòng kiểm tra lại.
lang-choose = Chọn ngôn ngữ / Choose a language:
lang-name-vi = Tiếng Việt
lang-name-en = English
lang-set = Đã chuyển sang tiếng Việt.

## Menu
menu-report = 📝 Báo cáo số liệu
menu-status = 📊 Tình hình báo cáo
menu-boards = 🏢 Các Ban Quản lý
menu-invite = ✉️ Tạo lời mời
menu-lang = 🌐 Ngôn ngữ
menu-summary = 📈 Tổng hợp số liệu
menu-newballot = 🗳 Tạo cuộc bỏ phiếu
menu-people = 👥 Người có vai trò

## Lời mời
invite-unknown = Mã mời không đúng. Anh/Chị vui lòng kiểm tra lại mã (hoặc đường dẫn), hoặc liên hệ quản trị viên để nhận lời mời mới.
invite-used = Mã mời này đã được sử dụng. Mỗi lời mời chỉ dùng được một lần; Anh/Chị vui lòng liên hệ quản trị viên để nhận lời mời mới.
invite-expired = Mã mời này đã hết hạn. Anh/Chị vui lòng liên hệ quản trị viên để nhận lời mời mới.
invite-board-inactive = Ban Quản lý của lời mời này không còn hoạt động.
invite-withdrawn = Lời mời này không còn hiệu lực (đã bị hủy, hoặc người tạo lời mời không còn quyền mời). Anh/Chị vui lòng liên hệ quản trị viên để nhận đường dẫn mới.
invite-too-many = Anh/Chị đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau một giờ.
invite-welcome =
    Chào mừng Anh/Chị! Anh/Chị đã được ghi nhận với vai trò <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}của <b>{ $board }</b>
       *[no] {""}
    }.
invite-choose-board = Mời người cho Ban Quản lý nào?
invites-none = Không có lời mời nào đang chờ sử dụng.
invites-head = <b>Lời mời chưa dùng</b> ({ $count }). Chọn ✖ #SỐ để hủy một lời mời:
invites-line = #{ $id } · { $role }{ $hasBoard ->
        [yes] {" "}— { $board }
       *[no] {""}
    } · do { $by } tạo lúc { $created } · hết hạn { $expires }
invites-confirm =
    Hủy lời mời này? Đường dẫn sẽ không dùng được nữa.
    { $line }
invites-btn-cancel = ✅ Hủy lời mời
invites-btn-keep = Giữ lại
invites-cancelled =
    ✅ Đã hủy lời mời; đường dẫn không còn dùng được:
    { $line }
invites-kept = Đã giữ nguyên lời mời #{ $id }.
invites-gone = Lời mời #{ $id } không còn chờ sử dụng (đã được dùng, đã hết hạn hoặc đã bị hủy).
invite-bloc-roles = Thư ký Khối / Quản trị viên
invite-choose-role = Với vai trò nào?
invite-usage = Cách dùng: <code>/invite MÃ_BAN focal|head</code> hoặc <code>/invite - secretariat|admin</code>, hoặc chỉ <code>/invite</code> để chọn từng bước.
invite-code-only =
    Lời mời <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}cho <b>{ $board }</b>
       *[no] {""}
    }: mã mời <code>{ $code }</code>
    Người được mời gõ mã { $code } cho bot, trên Zalo hay Telegram đều được.
    Anh/Chị chỉ gửi mã này cho đúng người được mời. Lời mời dùng được một lần, hết hạn lúc { $expires }.
invite-link =
    Lời mời <b>{ $role }</b>{ $hasBoard ->
        [yes] {" "}cho <b>{ $board }</b>
       *[no] {""}
    }:
    { $link }
    Mã mời: <code>{ $code }</code>
    Trên Zalo (hoặc khi không mở được đường dẫn), người được mời gõ mã { $code } cho bot.
    Anh/Chị chỉ gửi đường dẫn và mã này cho đúng người được mời. Lời mời dùng được một lần, hết hạn lúc { $expires }.

## Ban Quản lý
boards-head = <b>Các Ban Quản lý</b> ({ $count } đang hoạt động):
board-first-period = báo cáo từ { $month }
boards-help = Thêm: /addboard; đổi tên: /renameboard; ngừng: /retireboard; hợp nhất: /mergeboard
addboard-usage = Cách dùng: <code>/addboard MÃ | Tên ngắn | Tên đầy đủ</code>, hoặc thêm kỳ báo cáo đầu tiên của đơn vị: <code>/addboard MÃ | Tên ngắn | Tên đầy đủ | { $examplePeriod }</code>; ví dụ <code>/addboard HB | Hòa Bình | Ban Quản lý các KCN Hòa Bình</code>. Không ghi kỳ đầu tiên thì đơn vị báo cáo từ kỳ còn hạn nộp.
renameboard-usage = Cách dùng: <code>/renameboard MÃ | Tên mới</code>
retireboard-usage = Cách dùng: <code>/retireboard MÃ</code>
mergeboard-usage = Cách dùng: <code>/mergeboard MÃ_CŨ MÃ_MỚI</code> (Ban cũ được hợp nhất vào Ban mới; hai mã phải khác nhau)
board-exists = Đã có Ban Quản lý mã <code>{ $code }</code>.
board-added = Đã thêm <code>{ $code }</code>: { $name }. Đơn vị báo cáo từ kỳ { $month }, không phải báo cáo các kỳ trước đó.
board-not-found = Không tìm thấy Ban Quản lý <code>{ $code }</code>. Gõ /boards để xem các mã.
board-same-name = Tên mới giống tên hiện tại, không có gì thay đổi.
board-not-active = Ban Quản lý <code>{ $code }</code> không còn hoạt động.
board-renamed = Đã đổi tên “{ $old }” thành “{ $name }”. Lịch sử tên được lưu lại.
board-retired = Đã ngừng theo dõi { $name }. Số liệu cũ vẫn được giữ.
board-merged = Đã hợp nhất <code>{ $from }</code> vào <code>{ $into }</code>. Số liệu cũ vẫn được giữ.

## Nhóm và cấu hình
linkgroup-in-group = Anh/Chị vui lòng gửi lệnh này trong nhóm chung của Khối.
linkgroup-done = Đã liên kết nhóm “{ $title }” làm nhóm chung của Khối.
reload-done = Đã nạp lại tệp cấu hình: { $boards } Ban Quản lý, { $indicators } chỉ tiêu được cập nhật.
reload-unchanged = Tệp cấu hình không thay đổi.
group-removed-admins =
    ⚠️ Bot đã bị xóa khỏi nhóm chung của Khối “{ $title }”{ $hasBy ->
        [yes] {" "}bởi { $by }
       *[no] {""}
    } lúc { $at }, nên nhóm không còn được liên kết. Các bài đăng lên nhóm (kết quả bỏ phiếu, tình hình nộp báo cáo, tổng hợp) được giữ lại và sẽ được gửi khi nhóm được liên kết lại (hiện có { $waiting } bài đang chờ).
    Để liên kết lại, Anh/Chị thêm bot vào nhóm rồi gửi /linkgroup trong nhóm.
group-readded-admins = Bot đã được thêm lại vào nhóm “{ $title }”. Anh/Chị gửi /linkgroup trong nhóm để liên kết lại; { $waiting } bài đăng đang chờ sẽ được gửi ngay sau đó.
group-status-none = Chưa liên kết nhóm chung của Khối: Anh/Chị thêm bot vào nhóm rồi gửi /linkgroup trong nhóm.
group-status-removed =
    Bot đã bị xóa khỏi nhóm “{ $title }”{ $hasBy ->
        [yes] {" "}bởi { $by }
       *[no] {""}
    } lúc { $at }. Anh/Chị thêm bot vào nhóm rồi gửi /linkgroup trong nhóm để liên kết lại.
group-status-failing = Lần gửi gần nhất lên nhóm không thành công ({ $at }): { $error }. Bot sẽ tự gửi lại.
group-status-given-up = Không gửi được bài này lên nhóm: { $error }.
group-status-waiting = Có { $count } bài đăng đang chờ gửi lên nhóm.
digest-not-posted = Chưa đăng được tình hình nộp báo cáo lên nhóm.
reload-failed = Không nạp được tệp cấu hình: { $error }

## Hội thoại (một việc một lúc, tin nhắn đã sửa, cập nhật hệ thống)
dialogue-updated = ℹ️ Hệ thống vừa được cập nhật. Anh/Chị tiếp tục từ chỗ đang làm; các câu trả lời đã nhập vẫn được giữ.
dialogue-restored = ℹ️ Hệ thống đã khôi phục phiên làm việc từ lần lưu gần nhất. Anh/Chị tiếp tục từ chỗ đang làm; các câu trả lời đã nhập vẫn được giữ.
dialogue-open-same = Anh/Chị đang làm dở { $what }. Chọn “Tiếp tục” để quay lại câu hỏi đang chờ, hoặc gõ /cancel để hủy.
dialogue-open-other = Anh/Chị đang làm dở { $what }. Tiếp tục việc này, hay dừng lại để bắt đầu { $new }?
btn-dialogue-continue = ▶ Tiếp tục việc đang làm
btn-dialogue-switch = ⏹ Dừng lại, bắt đầu việc mới
dialogue-report = báo cáo { $month } của { $board }
dialogue-report-aside = Đã tạm dừng báo cáo { $month } của { $board }. Các số liệu đã nhập được giữ trong bản nháp; gửi /report để làm tiếp.
dialogue-newballot = việc tạo cuộc bỏ phiếu mới
dialogue-newballot-aside = Đã tạm dừng việc tạo cuộc bỏ phiếu. Các lựa chọn đã có được giữ trong bản nháp; gửi /newballot để làm tiếp.
report-edit-old = Bot chỉ đọc lại tin nhắn đã sửa khi đó là câu trả lời mới nhất. Để sửa một số liệu đã nhập, chọn “◀ Quay lại”, hoặc gõ số của mục đó ở bước kiểm tra báo cáo.
report-edit-applied = ✏️ Đã sửa theo tin nhắn Anh/Chị chỉnh lại. { $name }: { $old } → <b>{ $new }</b>
report-edit-kept = Giá trị đã nhập trước đó được giữ nguyên: { $value }.
report-paused = Bot không đọc được { $count } câu trả lời liên tiếp nên tạm dừng báo cáo này. Các số liệu đã nhận được giữ trong bản nháp; khi sẵn sàng, Anh/Chị gửi /report để làm tiếp.
newballot-edit-old = Bot chỉ đọc lại tin nhắn đã sửa khi đó là câu trả lời mới nhất. Để đổi một lựa chọn, chọn “◀ Quay lại” đến bước đó; mọi lựa chọn được hiển thị lại để kiểm tra trước khi đăng.
newballot-edit-applied = ✏️ Đã sửa theo tin nhắn Anh/Chị chỉnh lại: { $value }
newballot-paused = Bot không đọc được { $count } câu trả lời liên tiếp nên tạm dừng việc tạo cuộc bỏ phiếu. Các lựa chọn đã có được giữ trong bản nháp; Anh/Chị gửi /newballot để làm tiếp.
newballot-draft-found = Anh/Chị có một cuộc bỏ phiếu đang soạn dở (“{ $title }”). Tiếp tục hay làm lại từ đầu?

## Báo cáo tháng
report-not-focal = Chỉ cán bộ đầu mối của một Ban Quản lý mới gửi được báo cáo. Nếu Anh/Chị là cán bộ đầu mối, đề nghị liên hệ quản trị viên để nhận đường dẫn mời.
report-period-locked = Kỳ báo cáo này đã khóa, không gửi hay sửa được nữa. Nếu cần, Anh/Chị liên hệ quản trị viên.
report-usage = Cách dùng: <code>/report</code> cho kỳ mới nhất, hoặc <code>/report { $exampleEarlierPeriod }</code> cho một kỳ trước còn mở.
report-period-not-over = Kỳ { $month } chưa kết thúc, chưa thể báo cáo.
report-before-first = { $board } báo cáo từ kỳ { $first }; không phải báo cáo { $month }.
report-which-board = Báo cáo { $month } cho Ban Quản lý nào?
report-text-only = Vui lòng trả lời bằng chữ số, hoặc chọn một trong các lựa chọn.
report-press-button = Vui lòng chọn một trong các lựa chọn ở trên.
report-intro = <b>Báo cáo { $month } — { $board }</b>
    { $total } chỉ tiêu, hạn nộp { $deadline }. Anh/Chị có thể dán cả bảng dạng “chỉ tiêu: số liệu” bất cứ lúc nào.
report-amend-intro = Báo cáo { $month } của { $board } đã được gửi (mã { $reference }). Anh/Chị có thể sửa từng mục rồi gửi lại.
report-draft-found = Anh/Chị có bản nháp báo cáo { $month } của { $board } ({ $answered }/{ $total } mục). Tiếp tục hay làm lại từ đầu?
report-question = <b>Câu { $index }/{ $total }. { $name }</b> ({ $unit })
report-hint-last-month = Tháng trước: { $value }
report-hint-last-year = Cùng kỳ năm trước: { $value }
report-current = Giá trị hiện tại: <b>{ $value }</b>
report-answer-hint = Nhập số, ví dụ <code>{ $example }</code>.
report-understood = ✓ { $name }: <b>{ $value }</b>
report-far = Giá trị <b>{ $value }</b> chênh lệch rất lớn so với { $base } của kỳ trước. Anh/Chị vui lòng kiểm tra lại.
report-missing-value = chưa có
report-cancelled = Đã hủy. Không có gì được gửi.
report-cancelled-amend = Đã hủy. Báo cáo đã gửi giữ nguyên.
report-no-changes = Không có thay đổi nào, báo cáo giữ nguyên.
cancel-nothing = Không có thao tác nào đang làm.
review-head = <b>Kiểm tra báo cáo { $month } — { $board }</b>
review-head-amend = <b>Sửa báo cáo { $month } — { $board }</b>
review-check = Anh/Chị kiểm tra kỹ rồi chọn “📤 Gửi báo cáo”. Chưa có gì được gửi đi.
review-missing = ⚠️ Còn thiếu { $count } mục.
review-change-hint = Gõ số của một mục để sửa mục đó.
review-pick = Sửa mục nào?
amend-reason = Lý do sửa số liệu (không bắt buộc)? Anh/Chị nhập lý do hoặc chọn “Bỏ qua”.
conflict-head = ⚠️ { $name } cùng đơn vị đã gửi báo cáo này lúc { $at }. Khác biệt giữa bản đó và bản của Anh/Chị:
conflict-same = (hai bản giống nhau)
conflict-ask = Gửi bản của Anh/Chị để thay thế?
receipt =
    ✅ Đã nhận báo cáo { $month } của <b>{ $board }</b> lúc { $at }.
    Mã tiếp nhận: <code>{ $reference }</code>
receipt-late = ⏰ Báo cáo nộp sau hạn.
receipt-amended = ✅ Đã cập nhật báo cáo { $month } của <b>{ $board }</b> lúc { $at } (lần sửa { $revision }, { $count } mục thay đổi). Mã: <code>{ $reference }</code>
group-amended = ℹ️ <b>{ $board }</b> đã sửa số liệu { $month }:
btn-back = ◀ Quay lại
btn-same = = Như tháng trước ({ $value })
btn-keep = Giữ nguyên
btn-cancel = ✖ Hủy
btn-yes-sure = Đúng, giữ giá trị này
btn-retype = Nhập lại
btn-resume = Tiếp tục
btn-restart = Làm lại từ đầu
btn-send = 📤 Gửi báo cáo
btn-fill-missing = ✍️ Điền các mục còn thiếu
btn-change = ✏️ Sửa một mục
btn-skip = Bỏ qua
btn-send-anyway = Gửi bản này để thay thế
paste-filled = 📋 Đã điền { $count } mục từ bảng dán.
paste-problems = Các dòng chưa hiểu được:
paste-line = Dòng { $line }
paste-no-separator = thiếu dấu “:” giữa tên chỉ tiêu và số liệu
paste-unknown-indicator = không nhận ra chỉ tiêu
paste-duplicate = chỉ tiêu đã có ở dòng trước
paste-too-many-lines = bot chỉ đọc 200 dòng đầu; Anh/Chị gửi phần còn lại trong tin nhắn khác
paste-bad-value = số liệu không hợp lệ
paste-vague = khớp với { $count } chỉ tiêu như nhau; đề nghị ghi rõ tên chỉ tiêu hơn
paste-which = ❓ Dòng { $line } “{ $text }” khớp với nhiều chỉ tiêu như nhau. Anh/Chị muốn nói chỉ tiêu nào?
paste-which-hint = Chọn một chỉ tiêu hoặc gõ số thứ tự; chọn “Bỏ qua” để không dùng dòng này.
paste-which-current = hiện có { $value }
paste-which-skipped = Đã bỏ qua dòng { $line }.
paste-which-replaced = ✓ { $name }: { $old } → <b>{ $new }</b>

report-draft-found-amend = Anh/Chị có bản sửa dở của báo cáo { $month } của { $board } ({ $answered } mục đã sửa). Tiếp tục hay bắt đầu lại từ báo cáo đã gửi?
review-far-note = ⚠️ = rất khác so với kỳ trước, đề nghị kiểm tra lại.
paste-more = … và { $count } dòng khác.
buttons-continued = (tiếp theo)
conflict-nothing = Bản đã lưu giống bản của Anh/Chị, không cần gửi lại.
btn-ok = Đã rõ
report-kept-theirs = Đã hủy. Báo cáo do đồng nghiệp gửi được giữ nguyên.

## Lỗi nhập số
num-empty = Vui lòng nhập một số.
num-not-a-number = “{ $given }” không phải là số. Ví dụ: <code>{ $example }</code>
num-bad-separators = Dấu phân cách trong “{ $given }” không đúng: dấu chấm phân cách hàng nghìn, dấu phẩy trước phần thập phân, ví dụ <code>3.131,93</code> (hoặc <code>3,131.93</code>).
num-not-integer = Chỉ tiêu này là số nguyên ({ $unit }), không có phần thập phân. Ví dụ: <code>{ $example }</code>
num-too-many-decimals = Tối đa { $decimals } chữ số sau dấu phẩy. Ví dụ: <code>{ $example }</code>
num-out-of-range = Giá trị phải trong khoảng { $min } đến { $max } { $unit }.
num-wrong-unit = Đơn vị “{ $given }” không phù hợp: chỉ tiêu này tính bằng { $unit }.
num-negative = Giá trị không được âm.

## Xem báo cáo, tình hình
view-none = { $board } chưa gửi báo cáo { $month }.
view-head =
    <b>Báo cáo { $month } — { $board }</b>
    Mã { $reference }, gửi lúc { $at }{ $late ->
        [yes] {" "}(muộn)
       *[no] {""}
    }
view-revision = ✏️ Lần sửa { $revision }: { $at }, { $name }, { $count } mục. Lý do: { $reason }
status-head = <b>Tình hình báo cáo</b>
status-submitted = ✅ đã gửi { $at } ({ $reference })
status-late = ⏰ gửi muộn { $at } ({ $reference })
status-amended = (đã sửa { $count } lần)
status-missing = ⏳ chưa gửi, hạn { $deadline }
status-missing-overdue = ❌ chưa gửi, đã quá hạn
status-first-period = • Báo cáo từ kỳ { $first }; các kỳ trước không phải báo cáo.
status-draft = (có bản nháp)
lock-usage = Cách dùng: <code>/lock { $examplePeriod }</code> hoặc <code>/unlock { $examplePeriod }</code>
period-locked = 🔒 Đã khóa kỳ { $month }: không gửi hay sửa được nữa.
period-unlocked = 🔓 Đã mở lại kỳ { $month }.
draft-closed-idle = Bản nháp báo cáo { $month } của { $board } đã tạm đóng vì lâu không có trả lời. Các giá trị đã nhập vẫn được giữ: gõ /report để tiếp tục hoặc làm lại.

## Nhắc nhở
cmd-digest = Đăng tình hình nộp báo cáo lên nhóm
cmd-unlock = Mở lại kỳ báo cáo đã khóa
remind-before = ⏰ Nhắc: <b>{ $board }</b> chưa gửi báo cáo { $month }. Hạn nộp { $deadline } (còn { $days } ngày).
remind-today = ⏰ Hôm nay là hạn nộp báo cáo { $month } ({ $deadline }). <b>{ $board }</b> chưa gửi.
remind-overdue = ⚠️ Báo cáo { $month } của <b>{ $board }</b> đã quá hạn { $days } ngày (hạn { $deadline }). Vui lòng gửi sớm.
remind-head = ⚠️ Kính gửi Lãnh đạo Ban: <b>{ $board }</b> chưa gửi báo cáo { $month }, đã quá hạn { $days } ngày (hạn { $deadline }). Đề nghị đôn đốc cán bộ đầu mối.
remind-button = 📝 Báo cáo ngay
remind-group = 📣 Báo cáo { $month } đã quá hạn { $days } ngày. Còn { $count } đơn vị chưa gửi: { $boards }.
digest-head = <b>Tình hình nộp báo cáo { $month }</b> (hạn { $deadline })
digest-count = Đã nộp: { $reported }/{ $total } đơn vị.
digest-missing = Chưa nộp: { $boards }.
digest-none-missing = Tất cả các đơn vị đã nộp báo cáo. Xin cảm ơn các đơn vị.
digest-late = Nộp muộn: { $boards }.
digest-no-group = Chưa liên kết nhóm của Khối: gửi /linkgroup trong nhóm trước.
digest-posted = Đã đăng lên nhóm.
digest-sent-privately = Khối chưa có nhóm Telegram: đã gửi riêng tình hình nộp báo cáo đến { $count } cán bộ đầu mối và lãnh đạo đơn vị.
nudge-started = Đang gửi nhắc nhở tới các đơn vị chưa nộp…
nudge-done = Đã nhắc { $boards } đơn vị ({ $sent } tin nhắn).
unreachable-none = Bot liên lạc được với tất cả mọi người.
unreachable-head = <b>{ $count } người bot không gửi tin được</b> (đã chặn bot hoặc chưa mở bot). Đề nghị nhắc những người này mở bot và gửi /start:
audience-focal = cán bộ đầu mối
audience-head = lãnh đạo Ban
audience-group = { $where ->
        [private] cán bộ đầu mối và lãnh đạo của từng đơn vị (gửi riêng, vì Khối chưa có nhóm Telegram)
       *[group] nhóm chung
    }
weekday-1 = thứ Hai
weekday-2 = thứ Ba
weekday-3 = thứ Tư
weekday-4 = thứ Năm
weekday-5 = thứ Sáu
weekday-6 = thứ Bảy
weekday-7 = Chủ nhật
schedule-head = <b>Lịch báo cáo và nhắc hạn</b>
schedule-period-calendar = • Kỳ báo cáo: theo tháng dương lịch.
schedule-period-day = • Kỳ báo cáo: từ ngày { $day } tháng trước đến ngày { $last } tháng này.
schedule-deadline = • Hạn nộp: { $time }, { $days } ngày sau khi kết thúc kỳ; { $rule ->
        [next] nếu trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp.
        [previous] nếu trùng ngày nghỉ thì chuyển lên ngày làm việc liền trước.
       *[keep] giữ nguyên kể cả khi trùng ngày nghỉ.
    }
schedule-deadline-of = Kỳ { $month }: hạn nộp { $at }.
schedule-deadline-moved = Kỳ { $month }: hạn nộp { $at } ({ $day } là ngày nghỉ).
schedule-slots = • Nhắc nộp báo cáo kỳ { $month }:
schedule-no-slots = không có
schedule-when = { $side ->
        [before] { $days } ngày trước hạn
        [after] { $days } ngày sau hạn
       *[on] Ngày hết hạn
    }
schedule-slot = – { $when }, { $time }, gửi { $audience }: { $at }
schedule-slot-moved = – { $when }, { $time }, gửi { $audience }: dời sang { $at }
schedule-slot-merged = – { $when }, { $time }, gửi { $audience }: gộp vào lần nhắc { $at }
schedule-digest = • Khi hết hạn, bot { $where ->
        [private] gửi riêng tình hình nộp báo cáo đến cán bộ đầu mối và lãnh đạo của từng đơn vị, vì Khối chưa có nhóm Telegram
       *[group] gửi vào nhóm chung tình hình nộp báo cáo
    } (kỳ { $month }: { $at }).
schedule-summary = • Bản tổng hợp tự động, { $where ->
        [private] gửi riêng đến cán bộ đầu mối và lãnh đạo của từng đơn vị
       *[group] đăng vào nhóm chung
    }: { $days ->
        [0] ngày hết hạn
       *[other] { $days } ngày sau hạn nộp
    }, lúc { $time } (kỳ { $month }: { $at }).
schedule-summary-wait = • Bản tổng hợp chờ đến khi { $pct } số đơn vị đã báo cáo, muộn nhất { $days } ngày sau hạn ({ $at }); bản tổng hợp nói rõ số đơn vị đã báo cáo.
schedule-no-summary = • Không tự động đăng bản tổng hợp.
schedule-weekly-off = • Ngày nghỉ hằng tuần: { $days }.
schedule-no-weekly-off = • Không có ngày nghỉ hằng tuần.
schedule-holidays = • Ngày lễ, Tết đã khai báo: { $count } ngày; sắp tới: { $next }.
schedule-holidays-none-ahead = • Ngày lễ, Tết đã khai báo: { $count } ngày, không còn ngày nào sắp tới. Quản trị viên cần bổ sung khi Chính phủ công bố lịch nghỉ.
schedule-no-holidays = • Chưa khai báo ngày lễ, Tết.
schedule-quiet-both = • Bot không gửi tin từ { $from } đến { $to } và vào ngày nghỉ; tin đến hạn trong thời gian đó được gửi khi hết thời gian đó.
schedule-quiet-hours = • Bot không gửi tin từ { $from } đến { $to } (kể cả ngày nghỉ); tin đến hạn trong thời gian đó được gửi lúc { $to }.
schedule-quiet-days = • Bot không gửi tin vào ngày nghỉ; tin đến hạn vào ngày nghỉ được gửi vào ngày làm việc kế tiếp.
schedule-quiet-none = • Bot gửi tin vào mọi giờ, kể cả ngày nghỉ.
schedule-move = • Lần nhắc trước hạn rơi vào ngày nghỉ được gửi { $move ->
        [earlier] vào ngày làm việc liền trước
       *[later] vào ngày làm việc kế tiếp
    }; lần nhắc sau hạn rơi vào ngày nghỉ được gửi vào ngày làm việc kế tiếp.
schedule-one-a-day = • Mỗi người nhận tối đa một lần nhắc mỗi ngày; lần nhắc gần hạn nhất được giữ.
schedule-usage =
    Thay đổi (quản trị viên): <code>/schedule deadline 5 17:00</code> · <code>/schedule deadline-on-day-off next|previous|keep</code> · <code>/schedule slot -2 09:00 focal</code> (2 ngày trước hạn; <code>focal</code>, <code>head</code> hoặc <code>group</code>) · <code>/schedule unslot -2 09:00</code> · <code>/schedule quiet 21:00 07:00</code> (hoặc <code>off</code>) · <code>/schedule weekends on|off</code> (hoặc <code>sat,sun</code>) · <code>/schedule holiday { $exampleHoliday } { $exampleHolidayNext }</code> · <code>/schedule unholiday { $exampleHoliday }</code> · <code>/schedule posts-on-days-off on|off</code> · <code>/schedule move earlier|later</code> · <code>/schedule period calendar</code> hoặc <code>/schedule period day 15</code> · <code>/schedule summary 1 08:30</code> (hoặc <code>off</code>)
schedule-invalid = Không đổi được: trường <code>{ $field }</code> { $error }.
schedule-changed = ✅ Đã cập nhật lịch.

## Bỏ phiếu
cmd-closeballot = Đóng sớm một cuộc bỏ phiếu
cmd-openballot = Kết thúc đề cử, mở bỏ phiếu
cmd-cancelballot = Hủy một cuộc bỏ phiếu
ballot-kind-leader = Khối trưởng
ballot-kind-deputy = Khối phó
ballot-kind-award = Đề nghị khen thưởng
ballot-kind-motion = Biểu quyết (đồng ý / không đồng ý)
ballot-default-title-leader = Bầu Khối trưởng năm { $year }
ballot-default-title-deputy = Bầu Khối phó năm { $year }
ballot-default-title-award = Đề nghị tặng { $award } năm { $year }
ballot-default-title-motion = Thông qua Giao ước thi đua năm { $year }
motion-yes = Đồng ý
motion-no = Không đồng ý
motion-abstain = Không biểu quyết
motion-options = Đồng ý / Không đồng ý / Không biểu quyết
tie-runoff = bầu lại giữa các đơn vị bằng phiếu
tie-leader = Khối trưởng quyết định
tie-motion = nội dung không được thông qua (cần số phiếu “Đồng ý” nhiều hơn “Không đồng ý”)
ballot-head = 🗳 <b>{ $title }</b> (số { $id })
ballot-rules = { $secret ->
        [yes] Bỏ phiếu kín
       *[no] Bỏ phiếu công khai
    } · mỗi đơn vị chọn tối đa { $picks } · đóng lúc { $closes } · { $quorum ->
        [0] không yêu cầu số đơn vị tham gia tối thiểu (tổng số { $eligible } đơn vị)
       *[other] cần ít nhất { $quorum } trong tổng số { $eligible } đơn vị tham gia
    } · nếu bằng phiếu: { $tie }
ballot-how = Chọn phương án của đơn vị mình. Mỗi đơn vị một phiếu, đổi được đến khi đóng; phiếu sau cùng được tính.
ballot-how-multi = Chọn hoặc bỏ chọn từng phương án (tối đa { $picks }). Mỗi đơn vị một phiếu, đổi được đến khi đóng.
ballot-how-private = Chọn phương án của đơn vị mình dưới đây (nếu dùng Zalo, gõ số thứ tự). Mỗi đơn vị một phiếu, đổi được đến khi đóng; phiếu sau cùng được tính.
ballot-how-multi-private = Chọn hoặc bỏ chọn từng phương án dưới đây (tối đa { $picks }; nếu dùng Zalo, gõ số thứ tự, mỗi lần một số). Mỗi đơn vị một phiếu, đổi được đến khi đóng.
ballot-progress = Đã bỏ phiếu: { $voted }/{ $eligible }{ $voted ->
        [0] {""}
       *[other] {" "}— { $boards }
    }
ballot-secret-floor = Phiếu kín: kết quả chỉ được công bố khi có ít nhất { $min } đơn vị bỏ phiếu.
ballot-closed-note = 🔒 Đã đóng.
ballot-closed-alert = Cuộc bỏ phiếu này đã đóng.
ballot-not-voter = Chỉ cán bộ đầu mối hoặc lãnh đạo của một đơn vị có quyền bỏ phiếu mới bỏ phiếu được.
ballot-several-boards = Anh/Chị đại diện cho nhiều đơn vị: bot đã gửi tin nhắn riêng để Anh/Chị chọn bỏ phiếu cho đơn vị nào.
ballot-open-bot = Anh/Chị vui lòng mở bot (gửi /start trong tin nhắn riêng) rồi chọn lại.
ballot-which-board = Phiếu “{ $choice }” trong “{ $title }” là của đơn vị nào?
ballot-error-too_many = Đơn vị đã chọn đủ { $picks }. Chọn lại một lựa chọn đã chọn để bỏ, rồi chọn lựa chọn khác.
ballot-error-unknown_candidate = Lựa chọn này không có trong phiếu.
ballot-error-self_vote = Đơn vị không được tự đề nghị cho mình trong cuộc bỏ phiếu này.
ballot-error-retired_candidate = Đơn vị này không còn hoạt động, không thể chọn.
vote-recorded = Mã phiếu { $receipt }. Đã ghi phiếu của { $board }: { $choice } ({ $picks }).{ $replaced ->
        [yes] {" "}Phiếu trước của đơn vị đã được thay.
       *[no] {""}
    }
vote-withdrawn = Phiếu của { $board } đã được rút (chưa chọn gì).
vote-withdrawn-receipt = 🗳 <b>{ $title }</b> — cuộc bỏ phiếu số { $id }
    Phiếu của <b>{ $board }</b> đã được rút (chưa chọn gì); có thể chọn lại đến { $closes }.
vote-receipt = 🗳 <b>{ $title }</b> — cuộc bỏ phiếu số { $id }
    Phiếu của <b>{ $board }</b>: { $choice } ({ $picks }){ $replaced ->
        [yes] {" "}— thay phiếu trước của đơn vị
       *[no] {""}
    }
    Mã phiếu: <code>{ $receipt }</code> — giữ mã này để tự kiểm tra khi công bố kết quả.
    Có thể đổi đến { $closes }; phiếu sau cùng được tính.
vote-receipt-secret = 🔒 Phiếu kín. Mã phiếu giúp đơn vị tự kiểm tra phiếu của mình trong danh sách công bố kèm kết quả; ai được xem mã phiếu này cũng biết được lựa chọn của đơn vị, vì vậy chỉ giữ mã cho mình.
ballot-remind = 🗳 <b>{ $board }</b> chưa bỏ phiếu “{ $title }”. Cuộc bỏ phiếu đóng lúc { $closes }; { $where ->
        [private] đề nghị bỏ phiếu trong tin nhắn bot đã gửi riêng đến Anh/Chị (gửi <code>/ballots { $id }</code> để nhận lại phiếu).
       *[group] đề nghị vào nhóm chung để bỏ phiếu.
    }
result-head = 📊 <b>Kết quả: { $title }</b> (số { $id })
result-turnout = Tham gia: { $turnout }/{ $eligible } đơn vị { $quorum ->
        [0] (không yêu cầu số đơn vị tham gia tối thiểu)
       *[other] (cần ít nhất { $quorum }) — { $met ->
            [yes] đủ số đơn vị tham gia
           *[no] không đủ số đơn vị tham gia
        }
    }
result-zero-omitted = <i>{ $count } đơn vị khác không có phiếu; xem đủ: /ballots { $id }</i>
result-no-quorum = Không đủ số đơn vị tham gia: kết quả không có hiệu lực.
result-motion-passed = ✅ Nội dung được thông qua.
result-motion-failed = ❌ Nội dung không được thông qua.
result-winners-leader = ✅ Khối trưởng năm { $year }: <b>{ $names }</b>.
result-winners-deputy = ✅ Khối phó năm { $year }: <b>{ $names }</b>.
result-winners-award = ✅ Khối thi đua đề nghị: <b>{ $names }</b>.
result-winners-award-unanimous = ✅ Khối thi đua nhất trí đề nghị: <b>{ $names }</b>.
result-tie-runoff = ⚖️ Bằng phiếu giữa { $names }: bầu lại giữa các đơn vị này.
result-tie-leader = ⚖️ Bằng phiếu giữa { $names }: Khối trưởng sẽ quyết định.
result-no-winner = Không có đơn vị nào được chọn.
result-void-secret = Chỉ { $turnout }/{ $eligible } đơn vị bỏ phiếu, dưới mức tối thiểu { $min } đơn vị của phiếu kín: với ít phiếu như vậy, số phiếu sẽ cho biết lựa chọn của từng đơn vị. Cuộc bỏ phiếu không có kết quả; số phiếu và các mã phiếu không được công bố, các lá phiếu đã được xóa.
result-receipts = Các mã phiếu và lựa chọn (để mỗi đơn vị tự kiểm tra phiếu của mình):
runoff-title = Bầu lại: { $title }
nomination-head = 📝 <b>Đề cử: { $title }</b> (số { $id })
nomination-how = Mỗi đơn vị chọn tên đơn vị mình đề cử (chọn lại để rút). Sau đó Thư ký mở bỏ phiếu bằng /openballot.
nomination-how-private = Chọn đơn vị mà đơn vị mình đề cử (nếu dùng Zalo, gõ số thứ tự; chọn lại để rút). Sau đó Thư ký mở bỏ phiếu bằng /openballot.
nomination-progress = Được đề cử: { $boards }
nomination-added = Đã đề cử { $board }.
nomination-which-board = Đề cử { $board } trong “{ $title }” thay mặt đơn vị nào?
nomination-closed = 🔒 Đã kết thúc đề cử; mời bỏ phiếu ở tin nhắn mới.
newballot-closes-in = { $hours } giờ sau khi { $privately ->
        [yes] gửi
       *[no] đăng
    }
nomination-removed = Đã rút đề cử { $board }.
ballots-none = Chưa có cuộc bỏ phiếu nào.
ballots-no-result = Cuộc bỏ phiếu số { $id } chưa có kết quả.
ballots-head = <b>Các cuộc bỏ phiếu</b> (kết quả đầy đủ, hoặc nhận lại phiếu đang mở: <code>/ballots SỐ</code>)
ballots-line = • số { $id }: { $title } — { $status }, { $at }; số đơn vị tham gia: { $turnout }{ $quorum ->
        [none] {" "}(không yêu cầu số đơn vị tối thiểu)
       *[other] , đủ số đơn vị cần thiết: { $quorum }
    }
ballots-officer = { $role } năm { $year }: <b>{ $board }</b>
ballots-manage = Quản lý: <code>/closeballot SỐ</code> đóng sớm · <code>/cancelballot SỐ</code> hủy · <code>/openballot SỐ [giờ]</code> kết thúc đề cử
ballots-again = Đơn vị của Anh/Chị đang có phiếu cần bỏ: chọn dưới đây để bot gửi lại phiếu.
ballots-again-choice = 🗳 Gửi lại phiếu số { $id }
ballot-not-yours = Cuộc bỏ phiếu này không còn mở, hoặc đơn vị của Anh/Chị không bỏ phiếu trong cuộc này.
ballot-status-open = đang mở
ballot-status-nominating = đang đề cử
ballot-status-closed = đã đóng
ballot-status-cancelled = đã hủy
ballot-not-found = Không có cuộc bỏ phiếu số này. Gõ /ballots để xem.
ballot-not-open = Cuộc bỏ phiếu này không còn mở.
ballot-closed-now = Đã đóng và công bố kết quả lên nhóm.
ballot-closed-waiting = Đã đóng cuộc bỏ phiếu; kết quả chưa đăng được lên nhóm.
ballot-closed-privately = Đã đóng cuộc bỏ phiếu. Khối chưa có nhóm Telegram: kết quả đã được gửi riêng đến { $count } cán bộ đầu mối và lãnh đạo đơn vị.
ballot-cancelled = Đã hủy cuộc bỏ phiếu.
ballot-not-nominating = Cuộc bỏ phiếu này không ở vòng đề cử.
openballot-usage = Cách dùng: <code>/openballot SỐ [số giờ mở bỏ phiếu, mặc định 24]</code>
openballot-too-few = Cần ít nhất 2 đơn vị được đề cử.
newballot-kind = Tạo cuộc bỏ phiếu: loại nào?
newballot-year = Cho năm nào?
newballot-title = Tiêu đề: “{ $title }”. Dùng tiêu đề này, hoặc gõ tiêu đề khác.
newballot-title-length = Tiêu đề cần từ 3 đến 200 ký tự.
newballot-candidates = Các lựa chọn là những đơn vị nào?
newballot-pick-boards = Chọn các đơn vị (chọn lại để bỏ), rồi chọn “Xong”.
newballot-need-two = Cần chọn ít nhất 2 đơn vị.
newballot-picks = Mỗi đơn vị được chọn tối đa bao nhiêu? (đề nghị tối đa { $proposed }; mặc định ★ { $default })
newballot-secret = Bỏ phiếu kín hay công khai?
newballot-closes = Đóng khi nào? Chọn, hoặc gõ ngày giờ dạng { $exampleClosesAt }.
newballot-closes-bad = Thời điểm không hợp lệ: cần dạng { $exampleClosesAt }, sau ít nhất 10 phút và trong vòng 90 ngày.
newballot-quorum = Cần ít nhất bao nhiêu đơn vị tham gia (trong tổng số { $eligible } đơn vị)?
newballot-tie = Nếu bằng phiếu thì sao?
newballot-summary =
    <b>{ $privately ->
        [yes] Kiểm tra trước khi gửi
       *[no] Kiểm tra trước khi đăng
    }</b>
    Tiêu đề: { $title }
    Loại: { $kind } ({ $year })
    Lựa chọn: { $candidates }
    Mỗi đơn vị chọn tối đa { $picks }; tối đa { $proposed } đơn vị được chọn
    { $secret ->
        [yes] Bỏ phiếu kín
       *[no] Bỏ phiếu công khai
    }; đóng lúc { $closes }
    { $quorum ->
        [0] Không yêu cầu số đơn vị tham gia tối thiểu (tổng số { $eligible } đơn vị)
       *[other] Cần ít nhất { $quorum } trong tổng số { $eligible } đơn vị tham gia
    }; nếu bằng phiếu: { $tie }
newballot-posted = ✅ Đã đăng cuộc bỏ phiếu số { $id } lên nhóm.
newballot-waiting = Đã tạo cuộc bỏ phiếu số { $id }, nhưng chưa đăng được lên nhóm.
newballot-posted-nominations = ✅ Đã đăng vòng đề cử (số { $id }) lên nhóm. Khi đủ đề cử, gửi <code>/openballot { $id }</code> để mở bỏ phiếu.
newballot-sent-privately = ✅ Khối chưa có nhóm Telegram: { $nominations ->
        [yes] vòng đề cử (số { $id }) đã được gửi riêng đến { $count } cán bộ đầu mối và lãnh đạo đơn vị. Khi đủ đề cử, gửi <code>/openballot { $id }</code> để mở bỏ phiếu.
       *[no] cuộc bỏ phiếu số { $id } đã được gửi riêng đến { $count } cán bộ đầu mối và lãnh đạo đơn vị để bỏ phiếu.
    }
newballot-cancelled = Đã hủy, không có gì được đăng.
btn-use-title = Dùng tiêu đề này
btn-all-boards = Tất cả các đơn vị
btn-choose-boards = Chọn một số đơn vị
btn-nominations = Vòng đề cử
btn-done = Xong ({ $count })
btn-secret = 🔒 Phiếu kín
btn-open = Công khai
btn-hours = { $n } giờ
btn-days = { $n } ngày
btn-quorum-half = Quá nửa ({ $n })
btn-quorum-two-thirds = Hai phần ba ({ $n })
btn-quorum-none = Không yêu cầu
btn-post = 📣 Đăng lên nhóm
btn-send-privately = 📨 Gửi riêng đến các đơn vị
newballot-goes-privately = Khối chưa có nhóm Telegram: { $nominations ->
        [yes] vòng đề cử
       *[no] cuộc bỏ phiếu
    } sẽ được gửi riêng đến cán bộ đầu mối và lãnh đạo của từng đơn vị.

## Lịch sử Khối trưởng, Khối phó và đề nghị khen thưởng (/record)
record-usage =
    Ghi nhận Khối trưởng, Khối phó và đề nghị khen thưởng của các năm không bỏ phiếu qua bot:
    <code>/record { $exampleLastYear } leader HNA</code> — Khối trưởng năm { $exampleLastYear }
    <code>/record { $exampleLastYear } deputy VP</code> — Khối phó năm { $exampleLastYear }
    <code>/record { $exampleLastYear } { $award } HP ND</code> — các đơn vị được đề nghị khen thưởng năm { $exampleLastYear }
    <code>/record { $exampleLastYear } deputy -</code> — xóa nội dung đã ghi
    <code>/record { $exampleLastYear }</code> — xem năm { $exampleLastYear }; <code>/record</code> — xem các năm gần đây
    Mã khen thưởng: { $awards }. Mã đơn vị: xem /boards. Ghi lại lần nữa để sửa.
record-history-head = <b>Khối trưởng, Khối phó và đề nghị khen thưởng các năm</b>
record-history-none = Chưa có năm nào được ghi nhận.
record-year-head = <b>Năm { $year }</b>
record-none = chưa ghi nhận
record-bad-year = Năm phải trong khoảng { $min }–{ $max }.
record-bad-slot = “{ $slot }” không phải là <code>leader</code>, <code>deputy</code> hay một mã khen thưởng ({ $awards }).
record-one-board = Khối trưởng (hoặc Khối phó) của một năm là một đơn vị; dùng “-” để xóa.
record-too-many = Một lệnh ghi nhận tối đa { $max } đơn vị.
record-unknown-boards = Không có đơn vị mã { $codes }. Xem mã các đơn vị bằng lệnh /boards.
record-unchanged = { $slot } năm { $year } đã được ghi nhận đúng như vậy; không có gì thay đổi.
record-same-board = { $board } đang là { $role } năm { $year }. Khối trưởng và Khối phó phải là hai đơn vị khác nhau.
record-preview =
    Ghi nhận <b>{ $slot } năm { $year }</b>
    Hiện nay: { $before }
    Sẽ ghi: { $after }
    Anh/Chị xác nhận?
record-btn-confirm = ✅ Xác nhận
record-btn-undo = ↩ Hoàn tác
record-done = ✅ Đã ghi nhận { $slot } năm { $year }: { $after }.
record-cancelled = Đã hủy, không có gì thay đổi.
record-stale = { $slot } năm { $year } đã thay đổi sau khi Anh/Chị xem trước nên chưa được ghi. Vui lòng gửi lại lệnh /record.
record-undone = ↩ Đã hoàn tác. { $slot } năm { $year }: { $after }.
record-undo-stale = Không hoàn tác được: { $slot } năm { $year } đã thay đổi sau lần ghi nhận này.

## Tổng hợp
cmd-annual = Dự thảo báo cáo tổng kết năm
range-quarter = quý { $quarter }/{ $year }
range-year = năm { $year }
range-ytd = từ đầu năm { $year } đến tháng { $month }
cmp-base-year = năm { $year }
cmp-base-period = cùng kỳ
cmp-flow = bằng { $pct } so với { $base }
cmp-stock-up = tăng { $pct } so với { $base }
cmp-stock-down = giảm { $pct } so với { $base }
cmp-stock-same = bằng { $base }
cmp-none = chưa có số liệu cùng kỳ
summary-head = 📊 <b>Tổng hợp { $period }</b> — { $bloc }
summary-completeness = Số liệu: { $received }/{ $expected } đơn vị ({ $pct }).
summary-completeness-multi = Số liệu: { $received }/{ $expected } báo cáo tháng ({ $pct }), { $boards }/{ $total } đơn vị có số liệu.
summary-missing = Thiếu: { $boards }.
summary-late = Nộp muộn: { $boards }.
summary-no-figures = (chưa có số liệu)
summary-and-more = và { $count } đơn vị khác
summary-rows-more = … và { $count } đơn vị khác: xem bảng tính
summary-totals = <b>Toàn Khối</b>
summary-totals-window = <i>Chỉ tiêu { $from }–{ $to }/{ $total }; ⏪ ⏩ xem các chỉ tiêu khác, bảng tính có đủ.</i>
summary-by-board = <b>Theo đơn vị</b>: { $indicator } ({ $unit })
summary-legend = <i>✗ chưa có số liệu · … thiếu tháng · ⏰ nộp muộn</i>
cmp-like-for-like = { $cmp }, trên cùng { $boards } đơn vị có số liệu cả hai kỳ (tổng chung: { $plain })
cmp-plain-none = chưa có số liệu cùng kỳ
summary-coverage-complete = đủ { $reported }/{ $owing } đơn vị
summary-coverage-partial = ⚠️ { $reported }/{ $owing } đơn vị đã báo cáo
summary-coverage-partial-multi = ⚠️ { $reported }/{ $owing } đơn vị đã báo cáo đủ các tháng
summary-totals-partial = <b>Tổng của { $boards } đơn vị có số liệu</b> (chưa đủ { $owing } đơn vị)
summary-short-head = 📊 <b>Tổng hợp { $period }</b>
summary-short-totals-partial = <b>Cộng { $boards } đơn vị có số liệu</b>
summary-short-missing = Chưa báo cáo: { $boards }.
summary-short-missing-multi = Chưa báo cáo đủ: { $boards }.
summary-short-totals = { $totals }, so với { $base }:
summary-short-totals-lfl = { $totals }, so với { $base } (* cùng đơn vị):
summary-short-more = … và { $count } chỉ tiêu khác: xem “Chi tiết”.
summary-btn-details = 📋 Chi tiết
summary-btn-short = ↩ Tóm tắt
summary-btn-coverage = 🗂 Báo cáo { $reported }/{ $owing }
summary-coverage-reported = <b>Đã báo cáo ({ $count })</b>: { $boards }.
summary-coverage-partial-list = <b>Còn thiếu tháng ({ $count })</b>: { $boards }.
summary-coverage-none = <b>Chưa báo cáo ({ $count })</b>: { $boards }.
summary-coverage-late = <b>Nộp muộn ({ $count })</b>: { $boards }.
summary-caption = Tổng hợp { $period }
summary-caption-partial = : số liệu của các đơn vị đã báo cáo
summary-btn-indicator = Chỉ tiêu { $index }/{ $total }
summary-btn-chart = 📈 Biểu đồ
summary-btn-xlsx = 📑 Bảng tính
summary-xlsx-caption = Bảng tổng hợp { $period }
summary-not-allowed = Xin lỗi, chỉ Khối trưởng, Khối phó, Thư ký Khối và quản trị viên xem được số liệu tổng hợp.
summary-usage = Cách dùng: <code>/summary</code> (tháng gần nhất), <code>/summary { $examplePeriod }</code>, <code>/summary { $exampleQuarter }</code>, <code>/summary { $exampleYear }</code>, <code>/summary ytd</code>
annual-usage = Cách dùng: <code>/annual { $exampleLastYear }</code>
annual-caption = Dự thảo báo cáo tổng kết năm { $year }
file-prefix = tong-hop
import-usage = Gửi tệp CSV hoặc XLSX kèm chú thích <code>/import</code>. Dòng đầu: <code>board,period,fdi_new,ddi_new,…</code> (mã đơn vị, kỳ báo cáo dạng { $examplePeriod }, { $exampleMonthSlash } hoặc { $exampleMonthName }, rồi mỗi cột một mã chỉ tiêu).
import-too-big = Tệp quá lớn (tối đa 5 MB).
import-failed = Không tải được tệp. Vui lòng thử lại.
import-done = Đã nhập { $imported } báo cáo; { $rejected } dòng bị từ chối.
import-row = Dòng { $row }
import-no-header = tệp không có dòng tiêu đề (board, period, mã các chỉ tiêu)
import-missing-column = thiếu cột “{ $column }”
import-unknown-column = cột “{ $column }” không phải mã chỉ tiêu
import-duplicate-column = cột “{ $column }” có hai lần
import-unknown-board = không có đơn vị mã “{ $board }”
import-bad-period = kỳ “{ $period }” không hợp lệ (ghi dạng { $examplePeriod }, { $exampleMonthSlash } hoặc { $exampleMonthName })
import-period-date = “{ $period }” là một ngày, không phải một kỳ báo cáo (ghi dạng { $examplePeriod } hoặc ngày đầu tháng như { $exampleFirstDay })
import-future-period = kỳ { $period } chưa kết thúc
import-bad-value = cột { $column }: “{ $value }” { $reason }
import-cell-error = cột { $column }: ô có giá trị lỗi { $code } của Excel
import-formula-no-result = cột { $column }: ô có công thức chưa được tính (Anh/Chị mở tệp bằng Excel, lưu lại rồi gửi lại)
import-empty-row = không có số liệu
import-duplicate-row = trùng đơn vị và kỳ với một dòng trước
import-exists = { $board } đã có báo cáo kỳ { $period }, không ghi đè
import-reason-empty = trống
import-reason-not-a-number = không phải là số
import-reason-bad-separators = sai dấu phân cách
import-reason-not-integer = phải là số nguyên
import-reason-too-many-decimals = quá nhiều chữ số thập phân
import-reason-below-min = nhỏ hơn mức cho phép
import-reason-above-max = lớn hơn mức cho phép
import-reason-wrong-unit = sai đơn vị
import-reason-negative = không được âm
import-reason-date = là ngày tháng, không phải số
import-progress = ⏳ Đang nhập “{ $file }”: { $percent } ({ $rows } dòng)…
import-progress-done = ✅ Đã đọc hết “{ $file }”: { $rows } dòng.
import-encoding-1258 = Tệp CSV không ở dạng UTF-8 nên được đọc theo bảng mã tiếng Việt Windows-1258.
import-stopped-unreadable = Không đọc được tệp: cần tệp CSV hoặc XLSX (Excel 2007 trở lên) còn nguyên vẹn.
import-stopped-legacy = Đây là tệp Excel cũ (.xls) hoặc tệp có mật khẩu: Anh/Chị mở bằng Excel, bỏ mật khẩu nếu có, lưu thành .xlsx hoặc CSV UTF-8 rồi gửi lại.
import-stopped-too-many-columns = Dòng { $row } có quá { $max } cột, không phải bảng số liệu theo mẫu: ngừng đọc tệp.
import-stopped-row-too-long = Dòng { $row } dài quá { $max } ký tự: ngừng đọc tệp.
import-stopped-unpacked-too-big = Tệp XLSX giải nén ra quá { $max } MB: ngừng đọc tệp. Anh/Chị chia nhỏ tệp hoặc gửi dạng CSV.

## Biểu đồ
chart-board-title = { $indicator } ({ $unit }) theo Ban Quản lý, { $period }
chart-trend-title = { $indicator } ({ $unit }) theo tháng, năm { $year } so với năm { $previous }
chart-axis-board = Ban Quản lý
chart-axis-month = Tháng
chart-series-current = Năm { $year }
chart-series-previous = Năm { $year }
chart-no-data = chưa có số liệu
chart-period-month = tháng { $month }/{ $year }
chart-period-quarter = quý { $quarter }/{ $year }
chart-period-year = năm { $year }
chart-period-ytd = từ đầu năm đến tháng { $month }/{ $year }

## Bảng tính, báo cáo năm
xlsx-sheet-totals = Tổng hợp
xlsx-sheet-boards = Theo đơn vị
xlsx-sheet-months = Theo tháng
xlsx-title-totals = Tổng hợp số liệu toàn Khối { $period }
xlsx-title-totals-partial = Tổng hợp số liệu các đơn vị đã báo cáo { $period }
xlsx-title-boards = Số liệu theo đơn vị { $period }
xlsx-title-months = Số liệu theo tháng { $period }
xlsx-completeness = Đã nhận { $received }/{ $expected } báo cáo tháng của các đơn vị.
xlsx-partial = Chưa đủ số liệu: { $reported }/{ $owing } đơn vị đã báo cáo đủ; các số tổng là tổng của { $boards } đơn vị có số liệu, chưa phải của toàn Khối. Cột “So với cùng kỳ, cùng đơn vị” so sánh trên các đơn vị có số liệu cả hai kỳ.
xlsx-col-no = STT
xlsx-col-indicator = Chỉ tiêu
xlsx-col-unit = Đơn vị tính
xlsx-col-total = Thực hiện
xlsx-col-previous = Cùng kỳ năm { $year }
xlsx-col-ratio = So với cùng kỳ
xlsx-col-ratio-like = So với cùng kỳ, cùng đơn vị
xlsx-col-board = Đơn vị
xlsx-col-with-unit = { $name } ({ $unit })
xlsx-col-in-year = { $indicator }, năm { $year }
xlsx-col-reported-months = Số tháng đã báo cáo
xlsx-col-month = Tháng
xlsx-col-boards-reported = Số đơn vị đã báo cáo
xlsx-month = Tháng { $month }/{ $year }
xlsx-row-bloc-total = Toàn Khối
xlsx-row-reported-total = Cộng { $boards } đơn vị có số liệu (trong tổng số { $owing })
xlsx-row-period-total = Cả kỳ
annual-issuer-placeholder = TÊN ĐƠN VỊ KHỐI TRƯỞNG NĂM { $year }
annual-place-placeholder = Địa danh
annual-number = Số: { $number }/BC-{ $code }
annual-nation = CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
annual-motto = Độc lập - Tự do - Hạnh phúc
annual-place-date = { $place }, ngày { $day } tháng { $month } năm { $year }
annual-doc-type = BÁO CÁO
annual-subject = Tổng kết công tác thi đua, khen thưởng năm { $year } và phương hướng, nhiệm vụ năm { $next }
annual-to = Kính gửi: { $recipient }
annual-to-placeholder = Tên cơ quan, đơn vị nhận báo cáo
annual-opening = Thực hiện { $basis }, { $bloc } báo cáo tổng kết công tác thi đua, khen thưởng năm { $year } và phương hướng, nhiệm vụ năm { $next } như sau:
annual-basis-placeholder = văn bản hướng dẫn công tác thi đua, khen thưởng năm { $year }
annual-section-movements = I. KẾT QUẢ TRIỂN KHAI CÁC PHONG TRÀO THI ĐUA NĂM { $year }
annual-movements-direction = 1. Công tác chỉ đạo, tổ chức triển khai các phong trào thi đua
annual-movements-direction-placeholder = Việc ký kết giao ước thi đua; kế hoạch, hướng dẫn và việc tổ chức các phong trào thi đua trong Khối.
annual-movements-results = 2. Kết quả các phong trào thi đua
annual-movements-results-placeholder = Các phong trào thi đua đã triển khai và kết quả nổi bật; các điển hình tiên tiến, cách làm hay.
annual-movements-limits = 3. Tồn tại, hạn chế và nguyên nhân
annual-movements-limits-placeholder = Những tồn tại, hạn chế và nguyên nhân.
annual-figures-intro = Các chỉ tiêu chủ yếu năm { $year } so với năm { $base }:
annual-col-indicator = Chỉ tiêu
annual-col-unit = Đơn vị tính
annual-col-year = Năm { $year }
annual-col-months = { $months } tháng năm { $year }
annual-col-ratio = Năm { $year } so với năm { $base }
annual-col-ratio-ytd = So với cùng kỳ
annual-appendix-ref = Số liệu của từng đơn vị thành viên tại Phụ lục kèm theo.
annual-section-commendation = III. CÔNG TÁC KHEN THƯỞNG
annual-section-tasks = IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM { $year }
annual-tasks-intro = Năm { $year }, Khối thi đua tiếp tục phát huy những thành tích đã đạt được trong năm { $previous }, tập trung thực hiện các nhiệm vụ chủ yếu sau:
annual-task-placeholder = Nhiệm vụ
annual-closing = Trên đây là báo cáo tổng kết công tác thi đua, khen thưởng năm { $year } và phương hướng, nhiệm vụ năm { $next } của { $bloc }./.
annual-recipients-head = Nơi nhận:
annual-recipient-above = - Như trên;
annual-recipient-members = - Các đơn vị thành viên Khối thi đua;
annual-recipient-archive = - Lưu: VT, { $unit }.
annual-sign-authority = TM. KHỐI THI ĐUA
annual-sign-title = KHỐI TRƯỞNG
annual-sign-name = Họ và tên
annual-appendix = Phụ lục
annual-appendix-note = (Kèm theo Báo cáo tổng kết công tác thi đua, khen thưởng năm { $year } của { $bloc })
annual-section-results = II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM { $year }
annual-results-intro = Với những cố gắng, nỗ lực của các thành viên trong Khối thi đua, năm { $year } Khối thi đua đạt được các kết quả chủ yếu sau:
annual-investment-label = Công tác xúc tiến, thu hút đầu tư:
annual-investment = Năm { $year } { $details }.
annual-new-projects = đã cấp mới Giấy chứng nhận đăng ký đầu tư cho { $total } dự án, gồm { $fdi } dự án FDI và { $ddi } dự án DDI
annual-adjustments = thực hiện điều chỉnh Giấy chứng nhận đăng ký đầu tư cho { $total } lượt dự án, trong đó có { $fdi } lượt dự án FDI và { $ddi } lượt dự án DDI
annual-capital = tổng vốn đầu tư cấp mới và điều chỉnh tăng thêm trong năm { $year } của các dự án FDI ước đạt { $fdi } và dự án DDI ước đạt { $ddi }
annual-business-label = Hoạt động sản xuất kinh doanh của các doanh nghiệp trong các KCN, KCX, KKT:
annual-business = Năm { $year } { $details }.
annual-revenue = tổng doanh thu khối doanh nghiệp FDI ước đạt { $fdi }; tổng doanh thu khối doanh nghiệp DDI ước đạt { $ddi }
annual-budget = nộp ngân sách nhà nước của khối doanh nghiệp FDI và DDI lần lượt ước đạt { $fdi } và { $ddi }
annual-workers = Năm { $year }, các đơn vị thành viên trong Khối thi đua đã thu hút và tạo việc làm ổn định cho người lao động trong các KCN, KKT là { $value }.
annual-workers-change = Năm { $year }, các đơn vị thành viên trong Khối thi đua đã thu hút và tạo việc làm ổn định cho người lao động trong các KCN, KKT là { $value }, ước { $change }.
annual-other-intro = Các chỉ tiêu khác:
annual-other = { $name }: { $value }.
annual-no-data = chưa có số liệu
annual-cmp-flow = bằng { $percent } so với năm { $year }
annual-cmp-up = tăng { $percent } so với năm { $year }
annual-cmp-down = giảm { $percent } so với năm { $year }
annual-cmp-same = không thay đổi so với năm { $year }
annual-incomplete = Ghi chú: số liệu được tổng hợp từ { $received }/{ $expected } báo cáo tháng ({ $reported }/{ $owing } đơn vị đã báo cáo đủ); các số tổng là tổng của các đơn vị đã báo cáo; đơn vị chưa gửi đủ báo cáo: { $boards }.
annual-like-for-like = So sánh trên cùng các đơn vị có số liệu cả hai năm: { $list }.
annual-boards = đơn vị
annual-appendix-title = SỐ LIỆU CỦA CÁC ĐƠN VỊ THÀNH VIÊN NĂM { $year }
annual-table-no = STT
annual-table-board = Đơn vị
annual-table-column = { $name } ({ $unit })
annual-table-total = Toàn Khối
annual-election-head = 1. Bầu Khối trưởng, Khối phó Khối thi đua năm { $year }
annual-election = Các thành viên Khối thi đua đã tín nhiệm bầu { $leader } làm Khối trưởng Khối thi đua năm { $year } và { $deputy } làm Khối phó Khối thi đua năm { $year }.
annual-election-leader = Các thành viên Khối thi đua đã tín nhiệm bầu { $leader } làm Khối trưởng Khối thi đua năm { $year }.
annual-election-deputy = Các thành viên Khối thi đua đã tín nhiệm bầu { $deputy } làm Khối phó Khối thi đua năm { $year }.
annual-election-none = Khối thi đua chưa bầu Khối trưởng, Khối phó năm { $year }.
annual-awards-head = 2. Đề nghị khen thưởng năm { $year }
annual-proposals = Ghi nhận những đóng góp tích cực của các thành viên trong Khối thi đua năm { $year }, Khối thi đua đề nghị { $items }.
annual-proposal-item = tặng { $award } cho { $boards }
annual-proposals-none = Khối thi đua không có đề nghị khen thưởng năm { $year }.
annual-and = và
annual-cmp-flow-ytd = bằng { $percent } so với cùng kỳ năm { $year }
annual-cmp-up-ytd = tăng { $percent } so với cùng kỳ năm { $year }
annual-cmp-down-ytd = giảm { $percent } so với cùng kỳ năm { $year }
annual-cmp-same-ytd = không thay đổi so với cùng kỳ năm { $year }

## Người có vai trò, thu hồi vai trò (/people, /revoke)
people-head = <b>Người có vai trò</b> ({ $count }):
people-none = Chưa có ai được cấp vai trò.
people-config-admins = <b>Quản trị viên theo cấu hình</b> (ADMIN_IDS; không thu hồi được qua bot):
people-recent = <b>Thu hồi gần đây</b>
people-revoked-line = { $at } · { $name }: { $roles } · do { $by } · lý do: { $reason }
people-help = Thu hồi vai trò: /revoke (chọn từng bước) hoặc <code>/revoke #SỐ MÃ_BAN focal|head | lý do</code>, <code>/revoke #SỐ all | lý do</code>
revoke-usage = Cách dùng: <code>/revoke</code> để chọn từng bước; hoặc <code>/revoke #SỐ MÃ_BAN focal|head | lý do</code>, <code>/revoke #SỐ - secretariat|admin | lý do</code>, <code>/revoke #SỐ all | lý do</code> (SỐ lấy từ /people; có thể dùng @tên_người_dùng).
revoke-who-unknown = Không tìm thấy người “{ $who }”. Xem số của từng người bằng /people.
revoke-choose-person = Thu hồi vai trò của ai?
revoke-more-people = Còn { $count } người khác: xem /people và gõ <code>/revoke #SỐ</code>.
revoke-choose-role = Thu hồi vai trò nào của <b>{ $name }</b>?
revoke-all-roles = Tất cả vai trò
revoke-no-roles = <b>{ $name }</b> hiện không có vai trò nào.
revoke-nothing = Người này không có vai trò đó (hoặc vai trò đã được thu hồi).
revoke-ask-reason =
    Thu hồi của <b>{ $name }</b>:
    { $roles }
    Lý do? Chọn một lý do dưới đây, hoặc gõ lý do khác: <code>{ $typed }</code>
revoke-reason-left = Chuyển công tác hoặc nghỉ việc
revoke-reason-duties = Thay đổi nhiệm vụ
revoke-reason-mistake = Cấp nhầm vai trò
revoke-confirm =
    Thu hồi của <b>{ $name }</b>:
    { $roles }
    Lý do: { $reason }
    Xác nhận thu hồi? Người này sẽ được báo; thao tác đang làm (nếu có) sẽ dừng.
revoke-btn-confirm = ✅ Xác nhận thu hồi
revoke-config-admin = <b>{ $name }</b> là quản trị viên theo cấu hình (ADMIN_IDS): quyền này không thu hồi được qua bot. Để thu hồi, người quản lý máy chủ xóa Telegram ID này khỏi ADMIN_IDS rồi khởi động lại bot.
revoke-config-admin-stays = Lưu ý: người này vẫn là quản trị viên theo cấu hình (ADMIN_IDS); quyền đó không thu hồi được qua bot.
revoke-last-admin = Không thể thu hồi quyền quản trị của <b>{ $name }</b>: đây là quản trị viên cuối cùng của bot. Đề nghị mời một quản trị viên khác trước (/invite - admin).
revoke-changed = Vai trò đã thay đổi trong lúc chờ xác nhận (có thể một quản trị viên khác vừa thu hồi). Chưa thay đổi gì; vui lòng làm lại từ /revoke.
revoke-expired = Yêu cầu thu hồi này đã quá một giờ và hết hiệu lực. Vui lòng làm lại từ /revoke.
revoke-cancelled = Đã hủy, không thu hồi vai trò nào.
revoke-done =
    ✅ Đã thu hồi của <b>{ $name }</b>:
    { $roles }
    Người này đã được thông báo; menu lệnh của người này đã được cập nhật.
revoke-invites-withdrawn = Đồng thời đã hủy { $count } lời mời chưa dùng (do người này tạo, hoặc cho vai trò vừa thu hồi). Nếu cần, tạo lời mời mới bằng /invite.
revoke-notice =
    Vai trò sau của Anh/Chị trong Khối đã kết thúc:
    { $roles }
dialogue-role-ended = Vai trò cần cho thao tác này của Anh/Chị đã được thu hồi, nên thao tác đang làm đã dừng; số liệu chưa gửi không được lưu.

## Zalo (src/messengers/zalo): fixed texts, in the bloc's default language (Zalo does not tell a person's language)
zalo-unsupported = Bot chỉ đọc được tin nhắn chữ. Anh/Chị vui lòng gửi nội dung bằng chữ, hoặc gõ /help để xem các lệnh.
zalo-files-unavailable = Tệp này hiện chỉ nhận được qua Telegram; trên Zalo, tệp sẽ có khi quản trị viên thiết lập địa chỉ công khai của bot (PUBLIC_URL).
zalo-typed-choice = { $label }: gõ “{ $words }”
zalo-menu-reference = Để trả lời đúng danh sách này cả khi bot đã gửi danh sách khác, gõ “{ $ref }” rồi số thứ tự, ví dụ “{ $ref } 1”. Chỉ gõ số là trả lời danh sách bot gửi sau cùng.
zalo-menu-no-choice = Danh sách “{ $ref }” không có lựa chọn “{ $answer }”. Anh/Chị vui lòng xem lại số thứ tự trong danh sách đó.
