"""Demo data for the dialogue app, in the ward's own words (seeds 000 and 002).

- Plan A: the yearly dialogue on administrative procedures for 2025, as Phú La ward
  wrote it for 2024 (seed 000), issued through the services so it carries a real number,
  with its two conferences (June and November 2025) held, delegates, minutes and
  opinions in every state.
- Plan B: the periodic contact with residents for 2026 (seed 002), still a draft, with
  neighbourhood meetings held in some neighbourhoods and quarters only, so the coverage
  page shows gaps.

Safe to run again: rows are matched on natural keys (plan year, kind and subject;
session title; delegate name; opinion text) and workflows run only for new rows.
Needs the rows of `seed_demo` (users, departments, fields, neighbourhoods).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Max
from django.utils import timezone

from dialogues import services
from dialogues.models import (
    Attendee,
    DialoguePlan,
    DialogueSession,
    Opinion,
    ParticipantCategory,
    PlanParticipantGroup,
    PlanProgrammeItem,
    PlanResponsibility,
    PlanTopic,
)
from portal.document_types import number_text
from portal.models import Department, DocumentNumber, Neighborhood, ProcedureField, User

UPPER = ParticipantCategory.UPPER
WARD = ParticipantCategory.WARD
NEIGHBOURHOOD = ParticipantCategory.NEIGHBOURHOOD
CITIZENS = ParticipantCategory.CITIZENS

# --- Plan A: seed 000, moved to 2025 ----------------------------------------------------

PLAN_A_TITLE = (
    "Tổ chức đối thoại giữa Lãnh đạo UBND phường với cá nhân, tổ chức về thủ tục hành "
    "chính, giải quyết thủ tục hành chính năm 2025"
)
PLAN_A = {
    "legal_basis": (
        "Thực hiện Kế hoạch số 46/KH-UBND ngày 27/02/2025 của UBND phường về công tác cải "
        "cách hành chính năm 2025;"
    ),
    "introduction": (
        "UBND phường xây dựng kế hoạch tổ chức đối thoại giữa lãnh đạo UBND phường với cá "
        "nhân, tổ chức về thủ tục hành chính, kết quả giải quyết thủ tục hành chính năm 2025 "
        "như sau:"
    ),
    "purposes": "\n".join(
        [
            "Giúp lãnh đạo UBND phường nắm bắt kịp thời tâm tư, nguyện vọng của nhân dân, "
            "tuyên truyền, giải thích để nhân dân hiểu và nhận thức đầy đủ, sâu sắc hơn về các "
            "Thủ tục hành chính, quy định hành chính nhằm góp phần vào công cuộc đơn giản hóa "
            "thủ tục hành chính, loại bỏ những quy định hành chính, thủ tục hành chính rườm rà, "
            "phức tạp, gây khó khăn trong quá trình thực hiện.",
            "Khảo sát sự hài lòng của người dân về tình hình giải quyết TTHC, qua đó có biện "
            "pháp chỉ đạo, đôn đốc cán bộ, công chức trong thực hiện thủ tục hành chính và tiếp "
            "nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về các thủ tục hành chính.",
            "Thông qua đối thoại kịp thời giải quyết các đề xuất, kiến nghị, các vấn đề còn tồn "
            "tại, vướng mắc ở cơ sở, tạo sự đồng thuận cao trong quần chúng nhân dân trong việc "
            "thực hiện các chủ trương, chính sách phát triển kinh tế - xã hội trên địa bàn phường.",
            "Kịp thời biểu dương, khen thưởng những cá nhân, tập thể có thành tích xuất sắc "
            "trong việc thực hiện thủ tục hành chính. Đồng thời xử lý nghiêm những cán bộ, công "
            "chức có thái độ nhũng nhiễu, gây phiền hà cho tổ chức công dân trong giải quyết TTHC.",
        ]
    ),
    "requirements": "\n".join(
        [
            "Việc tổ chức đối thoại phải tuân thủ các quy định pháp luật, bảo đảm các quy định "
            "hiện hành trên tinh thần hợp tác, xây dựng theo quy định của pháp luật.",
            "Tổ chức đối thoại trên tinh thần thẳng thắn, trung thực, cởi mở, thân thiện, đảm "
            "bảo tính dân chủ, công khai, hiệu quả, tạo điều kiện thuận lợi để người dân được "
            "tham gia đóng góp ý kiến, phát biểu và nêu các kiến nghị đề xuất trực tiếp với lãnh "
            "đạo UBND phường về những vướng mắc liên quan đến TTHC.",
        ]
    ),
    "content_note": (
        "Hội nghị không đối thoại những nội dung liên quan đến khiếu nại, tố cáo về thủ tục "
        "hành chính, hành vi hành chính."
    ),
    "participants_intro": (
        "Việc tổ chức đối thoại do lãnh đạo UBND phường trực tiếp chủ trì; tham gia đối thoại có:"
    ),
    "time_and_place": (
        "Mỗi năm 2 lần (Dự kiến lần 01 vào tháng 06 và lần 02 vào tháng 11 của năm 2025)."
    ),
    "venue": "Trụ sở UBND phường Phú La.",
    "format": "Hội nghị đối thoại, tọa đàm trực tiếp (có thể phát phiếu khảo sát).",
    "closing": (
        "Trên đây là Kế hoạch tổ chức đối thoại giữa lãnh đạo UBND phường với cá nhân, tổ "
        "chức về thủ tục hành chính, giải quyết thủ tục hành chính năm 2025; UBND phường yêu "
        "cầu các cán bộ, công chức và các bộ phận liên quan phường phối hợp thực hiện./."
    ),
    "recipients": "\n".join(
        [
            "UBND quận;",
            "TT Đảng ủy - UBND phường;",
            "MTTQ, Các ngành, đoàn thể phường;",
            "Các Tổ dân phố;",
            "Lưu: VT.",
        ]
    ),
}
# One topic per procedure field (seed 000 lists the fields in one line), then the rest.
PLAN_A_TOPICS = [
    ("dia-chinh", "Đối thoại về tình hình giải quyết các TTHC trong lĩnh vực Địa chính."),
    ("tu-phap", "Đối thoại về tình hình giải quyết các TTHC trong lĩnh vực Tư pháp hộ tịch."),
    (
        "ldtbxh",
        "Đối thoại về tình hình giải quyết các TTHC trong lĩnh vực Lao động thương binh - xã hội.",
    ),
    ("van-hoa", "Đối thoại về tình hình giải quyết các TTHC trong lĩnh vực Văn hoá - thông tin."),
    ("giao-duc", "Đối thoại về tình hình giải quyết các TTHC trong lĩnh vực Giáo dục đào tạo."),
    (None, "Sự thuận lợi của việc thực hiện các TTHC, quy định hành chính tại phường."),
    (
        None,
        "Mức độ hài lòng của tổ chức, cá nhân trong việc thực hiện thủ tục hành chính, quy định "
        "hành chính góp phần đơn giản hoá các TTHC.",
    ),
]
PLAN_A_GROUPS = [
    (
        UPPER,
        "Mời đại biểu Quận: Văn phòng HĐND & UBND quận, Phòng Nội vụ quận, Phòng tư pháp quận....",
        [],
    ),
    (
        WARD,
        "Đại biểu phường:",
        [
            "Mời đại diện Thường trực Đảng uỷ phường;",
            "Mời Ủy ban MTTQ và các đoàn thể phường;",
            "Trưởng Công an phường;",
            "Các bộ phận chuyên môn phường: Công chức Văn phòng - Thống kê; Công chức Tư pháp - "
            "Hộ tịch; Công chức Tài chính - kế toán; Công chức Địa chính - Xây dựng - đô thị - "
            "môi trường; Công chức Văn hoá - xã hội...",
        ],
    ),
    (
        NEIGHBOURHOOD,
        "Đại biểu Tổ dân phố:",
        ["Mời Bí thư Chi bộ, tổ trưởng, Trưởng ban công tác mặt trận các Tổ dân phố;"],
    ),
    (CITIZENS, "Đại biểu là nhân dân, doanh nghiệp trên địa bàn phường.", []),
]
PLAN_A_PROGRAMME = [
    "Tuyên bố lý do, giới thiệu đại biểu; thông qua chương trình buổi đối thoại và cử thư ký "
    "ghi biên bản.",
    "Chủ thể đối thoại: Chủ trì hội nghị (Đại diện lãnh đạo UBND phường) nêu rõ mục đích, yêu "
    "cầu và nội dung cần tập trung trong buổi đối thoại.",
    "Đại diện UBND phường báo cáo kết quả thực hiện công tác cải cách hành chính của năm tính "
    "đến thời điểm tổ chức đối thoại.",
    "Mời tổ chức, công dân, những người trực tiếp tham gia giải quyết Thủ tục hành chính phát "
    "biểu ý kiến về thủ tục hành chính, quy định hành chính tại phường (Có thể phát phiếu đề xin "
    "ý kiến).",
    "Đồng chí Chủ tịch, các đồng chí phó chủ tịch phụ trách, các đồng chí cán bộ, công chức "
    "tiếp thu ý kiến của tổ chức, công dân và trả lời ý kiến (nếu nội dung đối thoại liên quan "
    "đến lĩnh vực mình được phân công phụ trách).",
    "Đại biểu quận có ý kiến (với các nội dung thuộc thẩm quyền).",
    "Đồng chí Chủ tịch UBND phường tiếp thu các ý kiến, kiến nghị và kết luận hội nghị.",
]
PLAN_A_RESPONSIBILITIES = [
    (
        "Văn phòng UBND phường",
        "van-phong",
        [
            "Chuẩn bị các văn bản, tài liệu liên quan phục vụ hội nghị đối thoại; tổng hợp các ý "
            "kiến của tổ chức, công dân làm căn cứ để thực hiện đơn giản hóa TTHC tại phường và "
            "kiến nghị cấp có thẩm quyền sửa đổi các quy định hành chính.",
            "Chuẩn bị các điều kiện, cơ sở vật chất phục vụ hội nghị đối thoại.",
            "Tham mưu phát phiếu lấy ý kiến và tổng hợp ý kiến trước, trong hội nghị đối thoại, "
            "trình lãnh đạo UBND phường phân công trả lời nhân dân.",
        ],
    ),
    (
        "Các bộ phận chuyên môn",
        None,
        [
            "Văn phòng - thống kê; Tư pháp – Hộ tịch; Địa chính – Xây dựng – Môi trường; Văn hóa "
            "thông tin; Lao động thương binh & xã hội; Công an; Quân sự, công chức phường phụ "
            "trách tiếp nhận hồ sơ giải quyết TTHC phường nghiên cứu kỹ các Thủ tục hành chính, "
            "quy định hành chính, rà soát kết quả giải quyết TTHC, thái độ phục vụ của CBCC theo "
            "bộ phận, tham mưu chuẩn bị tốt nội dung đối thoại liên quan đến lĩnh vực được phân "
            "công để trả lời và tiếp thu ý kiến đóng góp của tổ chức, công dân."
        ],
    ),
    (
        "Bộ phận Tài chính – Kế hoạch",
        "tai-chinh",
        ["Tham mưu kinh phí tổ chức đối thoại theo quy định."],
    ),
    (
        "Đề nghị UB MTTQ và các đoàn thể",
        None,
        [
            "Phối hợp phát phiếu cho cán bộ, hội viên và hướng dẫn lấy ý kiến theo nội dung mẫu "
            "phiếu và thu về gửi Văn phòng UBND phường tổng hợp.",
            "Tổng hợp nội dung ý kiến đánh giá kết quả thực hiện thủ tục hành chính, quy định "
            "hành chính tại phường, tập trung vào những phần còn hạn chế, yếu kém (đề nghị có ít "
            "nhất từ 2 ý kiến trở lên). Chuẩn bị nội dung đóng góp ý kiến tại hội nghị (những ý "
            "kiến cần có sự chuẩn bị bằng số liệu, tài liệu chứng minh đề nghị gửi về Văn phòng "
            "UBND phường để tổng hợp và giải trình tại hội nghị).",
        ],
    ),
]
PLAN_A_ISSUED_ON = dt.date(2025, 3, 4)

SESSION_AGENDA = "\n".join(
    [
        "Tuyên bố lý do, giới thiệu đại biểu; thông qua chương trình và cử thư ký ghi biên bản.",
        "Đồng chí Chủ tịch UBND phường nêu mục đích, yêu cầu và nội dung đối thoại.",
        "Văn phòng UBND phường báo cáo kết quả cải cách hành chính của năm đến thời điểm "
        "đối thoại.",
        "Tổ chức, công dân phát biểu ý kiến; lãnh đạo UBND phường, công chức chuyên môn trả lời.",
        "Đồng chí Chủ tịch UBND phường tiếp thu ý kiến, kết luận hội nghị.",
    ]
)
PLAN_A_SESSIONS = [
    {
        "title": "Hội nghị đối thoại về thủ tục hành chính lần 1 năm 2025",
        "starts_at": (2025, 6, 12, 8, 0),
        "ended_at": dt.time(10, 45),
        "upper": "Văn phòng HĐND và UBND quận Hà Đông",
        "proceedings": (
            "Văn phòng UBND phường báo cáo kết quả giải quyết thủ tục hành chính 5 tháng đầu "
            "năm 2025: các hồ sơ được tiếp nhận tại Bộ phận Một cửa, phần lớn được giải quyết "
            "trước và đúng hạn; phường đã triển khai tiếp nhận hồ sơ trực tuyến toàn trình đối "
            "với các thủ tục hộ tịch.\n"
            "Các đại biểu, công dân phát biểu ý kiến về thủ tục hộ tịch trực tuyến và việc hướng "
            "dẫn người cao tuổi nộp hồ sơ; lãnh đạo UBND phường trả lời trực tiếp các ý kiến "
            "thuộc thẩm quyền, các ý kiến cần nghiên cứu được giao bộ phận chuyên môn trả lời "
            "bằng văn bản."
        ),
        "conclusion": (
            "Đồng chí Chủ tịch UBND phường ghi nhận, tiếp thu các ý kiến của tổ chức, công dân. "
            "Giao Văn phòng UBND phường tổng hợp đầy đủ ý kiến, trình phân công trả lời; các bộ "
            "phận chuyên môn trả lời bằng văn bản các ý kiến chưa trả lời tại hội nghị trong "
            "thời hạn 10 ngày làm việc.\n"
            "Giao Bộ phận Một cửa phối hợp với Đoàn Thanh niên phường bố trí tình nguyện viên "
            "hướng dẫn người dân nộp hồ sơ trực tuyến."
        ),
    },
    {
        "title": "Hội nghị đối thoại về thủ tục hành chính lần 2 năm 2025",
        "starts_at": (2025, 11, 13, 8, 0),
        "ended_at": dt.time(11, 0),
        "upper": "Sở Nội vụ thành phố Hà Nội",
        "proceedings": (
            "Văn phòng UBND phường báo cáo kết quả cải cách hành chính năm 2025 và việc thực "
            "hiện các kiến nghị của hội nghị đối thoại lần 1.\n"
            "Các đại biểu, công dân phát biểu ý kiến về điều kiện phục vụ tại Bộ phận Một cửa và "
            "thời gian giải quyết thủ tục trong lĩnh vực đất đai; một ý kiến khiếu nại quyết "
            "định hành chính không thuộc phạm vi đối thoại được chuyển bộ phận tiếp công dân."
        ),
        "conclusion": (
            "Đồng chí Chủ tịch UBND phường đánh giá cao tinh thần thẳng thắn, xây dựng của các "
            "đại biểu. Giao Văn phòng UBND phường bố trí thêm chỗ ngồi chờ và niêm yết mã QR tra "
            "cứu hồ sơ tại Bộ phận Một cửa trong tháng 11/2025.\n"
            "Giao bộ phận Địa chính - Xây dựng rà soát, công khai quy trình xác nhận nguồn gốc, "
            "hiện trạng sử dụng đất và trả lời bằng văn bản ý kiến của công dân theo thời hạn "
            "được phân công."
        ),
    },
]
# name, position, organisation ("{upper}": the session's upper-level agency), category,
# attended at session 1, attended at session 2
PLAN_A_DELEGATES = [
    ("Nguyễn Văn Hùng", "Phó Chánh Văn phòng", "{upper}", UPPER, True, True),
    ("Lê Thị Thu Hương", "Chuyên viên", "{upper}", UPPER, False, True),
    (
        "Đinh Công Thành",
        "Phó Bí thư Thường trực Đảng ủy",
        "Đảng ủy phường Phú La",
        WARD,
        True,
        True,
    ),
    ("Hoàng Văn Bình", "Chủ tịch", "Ủy ban MTTQ phường", WARD, True, True),
    ("Trần Quốc Khánh", "Trưởng Công an phường", "Công an phường Phú La", WARD, True, False),
    ("Đỗ Thị Lan", "Công chức Tư pháp - Hộ tịch", "UBND phường Phú La", WARD, True, True),
    ("Vũ Minh Tuấn", "Công chức Địa chính - Xây dựng", "UBND phường Phú La", WARD, True, True),
    ("Phạm Văn Sơn", "Tổ trưởng", "Tổ dân phố số 3", NEIGHBOURHOOD, True, True),
    ("Ngô Thị Hạnh", "Bí thư Chi bộ", "Tổ dân phố số 5", NEIGHBOURHOOD, True, True),
    ("Bùi Đức Long", "Trưởng ban công tác mặt trận", "Tổ dân phố số 7", NEIGHBOURHOOD, False, True),
    ("Nguyễn Thị Mai", "Công dân", "Tổ dân phố số 2", CITIZENS, True, False),
    ("Lê Minh Quân", "Giám đốc", "Công ty TNHH Thương mại Dịch vụ Văn La", CITIZENS, False, True),
    ("Trịnh Văn Đức", "Công dân", "Tổ dân phố số 9", CITIZENS, False, True),
]

# --- Plan B: seed 002, adapted to Phú La for 2026 --------------------------------------

PLAN_B_TITLE = "Tổ chức định kỳ buổi đối thoại, tiếp xúc trực tiếp với nhân dân năm 2026"
PLAN_B = {
    "legal_basis": (
        "Căn cứ Kế hoạch số 690/KH-UBND ngày 23 tháng 12 năm 2025 của Ủy ban nhân dân phường "
        "Phú La ban hành Kế hoạch Cải cách hành chính phường Phú La năm 2026."
    ),
    "introduction": (
        "Ủy ban nhân dân phường Phú La ban hành Kế hoạch tổ chức định kỳ buổi đối thoại, tiếp "
        "xúc trực tiếp với nhân dân cụ thể sau:"
    ),
    "purposes": "\n".join(
        [
            "Tiếp tục phát huy quyền làm chủ của nhân dân, đảm bảo thực hiện tốt chức năng giám "
            "sát của nhân dân trên tất cả các lĩnh vực đời sống, xã hội tại cơ sở, tham gia xây "
            "dựng chính quyền, tham gia đóng góp ý kiến xây dựng và phát triển kinh tế - xã hội, "
            "bảo đảm quốc phòng - an ninh trên địa bàn phường.",
            "Giải quyết kịp thời các đề xuất, kiến nghị, các vấn đề còn tồn tại ở cơ sở, tạo sự "
            "đồng thuận cao trong quần chúng nhân dân trong việc triển khai thực hiện các chủ "
            "trương, chính sách phát triển kinh tế - xã hội của phường.",
            "Nâng cao chất lượng hoạt động công vụ của đội ngũ cán bộ, công chức theo hướng "
            "chuyên nghiệp, trách nhiệm, năng động, minh bạch, hiệu quả đảm bảo sự hài lòng của "
            "nhân dân đối với sự phục vụ của chính quyền.",
        ]
    ),
    "requirements": "\n".join(
        [
            "Nâng cao chất lượng hoạt động đối thoại, tiếp xúc trực tiếp với nhân dân là việc "
            "làm thường xuyên nhằm nâng cao chất lượng phục vụ của cơ quan hành chính nhà nước "
            "đối với nhân dân, qua đó các mô hình, hoạt động tốt cần nhân rộng và điều chỉnh, sửa "
            "đổi các mô hình, hoạt động chưa phù hợp.",
            "Tạo điều kiện cho người dân góp ý những vấn đề bức thiết, cán bộ, công chức phải "
            "lắng nghe, tiếp thu và giải quyết kịp thời một cách cầu thị các phản ánh, kiến nghị "
            "của người dân.",
        ]
    ),
    "content_note": "",
    "participants_intro": (
        "Chủ tịch Ủy ban nhân dân phường, công chức Văn phòng – Thống kê phụ trách công tác cải "
        "cách hành chính, các công chức chuyên môn thuộc Ủy ban nhân dân phường, đại diện Ban "
        "điều hành các Tổ dân phố, có thể mời thêm đại diện Đảng ủy, HĐND, MTTQ và các đoàn thể "
        "tham dự."
    ),
    "time_and_place": "\n".join(
        [
            "Thời gian: Trong hoặc ngoài giờ hành chính tùy theo sự sắp xếp công việc cơ quan của "
            "cá nhân tham gia xuống dân (tối thiểu 01 lần/Tổ dân phố/quý).",
            "Địa điểm: Tại nhà văn hóa các Tổ dân phố hoặc các hộ dân trên địa bàn phường.",
        ]
    ),
    "venue": "",
    "format": "Đối thoại, tọa đàm trực tiếp.",
    "closing": (
        "Trên đây là Kế hoạch tổ chức định kỳ buổi đối thoại, tiếp xúc trực tiếp với nhân dân "
        "năm 2026 của Ủy ban nhân dân phường Phú La./."
    ),
    "recipients": "\n".join(
        [
            "Sở Nội vụ thành phố;",
            "TT.ĐU; TT.HĐND phường;",
            "CT; PCT.UBND phường;",
            "Các ban, ngành phường;",
            "UBMTTQ và các đoàn thể;",
            "Lưu: VT.",
        ]
    ),
}
PLAN_B_TOPICS = [
    (
        None,
        "Những vấn đề mang tính bức xúc, phát sinh thực tế tại địa bàn dân cư được người dân "
        "quan tâm mà chưa có dịp phản ánh với chính quyền địa phương.",
    ),
]
PLAN_B_GROUPS = [
    (
        NEIGHBOURHOOD,
        "Đại biểu Tổ dân phố:",
        ["Đại diện Ban điều hành, Bí thư Chi bộ, Trưởng ban công tác mặt trận Tổ dân phố;"],
    ),
    (CITIZENS, "Nhân dân trên địa bàn Tổ dân phố.", []),
]
PLAN_B_PROGRAMME = [
    "Đại diện lãnh đạo Ủy ban nhân dân phường nêu mục đích, nội dung buổi tiếp xúc.",
    "Nhân dân phát biểu, nêu ý kiến, nguyện vọng, kiến nghị.",
    "Lãnh đạo Ủy ban nhân dân phường, công chức chuyên môn trả lời trực tiếp hoặc ghi nhận "
    "để trả lời bằng văn bản.",
]
PLAN_B_RESPONSIBILITIES = [
    (
        "Trách nhiệm của cán bộ, công chức xuống dân",
        None,
        [
            "Lắng nghe và trả lời trực tiếp những ý kiến, nguyện vọng, tâm tư, bức xúc của nhân "
            "dân ngay tại buổi tiếp xúc hoặc ghi nhận, trong thời gian nhất định phải giải quyết "
            "kịp thời và thông báo bằng văn bản để người dân được biết."
        ],
    ),
    (
        "Công chức phụ trách công tác cải cách hành chính",
        "van-phong",
        [
            "Tổng hợp kết quả xuống dân nghe góp ý của lãnh đạo Ủy ban nhân dân phường để lồng "
            "ghép vào báo cáo công tác cải cách hành chính theo định kỳ gửi về Ủy ban nhân dân "
            "Thành phố (qua Sở Nội vụ)."
        ],
    ),
]
# Neighbourhood number -> quarters of 2026 with a meeting (the others stay gaps).
PLAN_B_COVERAGE = {
    1: (1, 2, 3, 4),
    2: (1, 2, 3),
    3: (1, 3, 4),
    4: (1, 2),
    5: (2, 3),
    6: (1,),
    7: (3,),
    8: (2, 4),
}
QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The neighbourhood sessions fall on day 5 + 2n of the quarter's middle month, except where
# that day is not a working day: moved to the nearest free working day (a weekend to the
# Friday before or the Monday after; mùng 1 Tết 17/02/2026 to Thursday 12/02).
PLAN_B_MOVED_DAYS = {
    (1, 1): 6,  # Saturday 07/02/2026
    (6, 1): 12,  # Tuesday 17/02/2026, mùng 1 Tết Bính Ngọ
    (2, 2): 8,  # Saturday 09/05/2026
    (2, 3): 10,  # Sunday 09/08/2026
    (5, 3): 14,  # Saturday 15/08/2026
    (1, 4): 6,  # Saturday 07/11/2026
    (8, 4): 20,  # Saturday 21/11/2026
}

PLAN_TEXT_FIELDS = (
    "legal_basis", "introduction", "purposes", "requirements", "content_note",
    "participants_intro", "time_and_place", "venue", "format", "closing", "recipients",
)  # fmt: skip


# --- Helpers -----------------------------------------------------------------------------


def _aware(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


def _backdate_number(number: DocumentNumber, day: dt.date) -> None:
    """Move a number just taken to the date the demo document was really issued (the
    services number with today's date), keeping the year's numbers gap-free."""
    if number.issued_on == day:
        return
    last = (
        DocumentNumber.objects.filter(doc_type_id=number.doc_type_id, year=day.year)
        .exclude(pk=number.pk)
        .aggregate(n=Max("number"))["n"]
    )
    new = (last or 0) + 1
    symbol = re.sub(r"^\d+(?=\D|$)", number_text(new), number.symbol)
    DocumentNumber.objects.filter(pk=number.pk).update(
        year=day.year, number=new, symbol=symbol, issued_on=day
    )


def _plan_children(plan, topics, groups, programme, responsibilities) -> None:
    fields = {f.code: f for f in ProcedureField.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    for model in services.PLAN_CHILDREN:
        model.objects.filter(plan=plan).delete()
    PlanTopic.objects.bulk_create(
        PlanTopic(plan=plan, order=i, field=fields.get(code) if code else None, text=text)
        for i, (code, text) in enumerate(topics, start=1)
    )
    PlanParticipantGroup.objects.bulk_create(
        PlanParticipantGroup(
            plan=plan, order=i, category=category, title=title, members="\n".join(members)
        )
        for i, (category, title, members) in enumerate(groups, start=1)
    )
    PlanProgrammeItem.objects.bulk_create(
        PlanProgrammeItem(plan=plan, order=i, text=text) for i, text in enumerate(programme, 1)
    )
    PlanResponsibility.objects.bulk_create(
        PlanResponsibility(
            plan=plan,
            order=i,
            unit=unit,
            department=departments.get(code) if code else None,
            duties="\n".join(duties),
        )
        for i, (unit, code, duties) in enumerate(responsibilities, start=1)
    )


# --- Seeding -----------------------------------------------------------------------------


def seed_dialogues_demo() -> None:
    users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    missing = set(_USERNAMES) - set(users)
    if missing:
        raise RuntimeError(f"Run seed_demo first: missing users {sorted(missing)}")
    plan_a = _seed_plan_a(users)
    sessions = _seed_plan_a_sessions(plan_a, users)
    _seed_plan_a_opinions(sessions, users)
    plan_b = _seed_plan_b(users)
    _seed_plan_b_opinions(plan_b, users)


_USERNAMES = ("chutich", "phochutich", "vanphong", "tuphap", "diachinh")


def _seed_plan_a(users) -> DialoguePlan:
    plan = DialoguePlan.objects.filter(
        year=2025, kind=DialoguePlan.Kind.YEARLY, title=PLAN_A_TITLE
    ).first()
    if plan is not None:
        return plan  # issued: its text is fixed
    plan = DialoguePlan.objects.create(
        year=2025,
        kind=DialoguePlan.Kind.YEARLY,
        title=PLAN_A_TITLE,
        signer=users["chutich"],
        created_by=users["vanphong"],
        **PLAN_A,
    )
    _plan_children(plan, PLAN_A_TOPICS, PLAN_A_GROUPS, PLAN_A_PROGRAMME, PLAN_A_RESPONSIBILITIES)
    services.plan_submit(plan=plan, actor=users["vanphong"])
    services.plan_approve(plan=plan, actor=users["chutich"])
    plan = services.plan_issue(plan=plan, actor=users["vanphong"])
    _backdate_number(plan.number, PLAN_A_ISSUED_ON)
    DialoguePlan.objects.filter(pk=plan.pk).update(
        issued_on=PLAN_A_ISSUED_ON, approved_at=_aware(2025, 3, 3, 15, 0)
    )
    plan.refresh_from_db()
    return plan


def _seed_plan_a_sessions(plan, users) -> list[DialogueSession]:
    sessions = []
    for index, spec in enumerate(PLAN_A_SESSIONS):
        starts_at = _aware(*spec["starts_at"])
        session, _ = DialogueSession.objects.update_or_create(
            plan=plan,
            title=spec["title"],
            defaults={
                "starts_at": starts_at,
                "venue": "Hội trường UBND phường Phú La",
                "chair": users["chutich"].display_name,
                "secretary": users["vanphong"].display_name,
                "agenda": SESSION_AGENDA,
                "proceedings": spec["proceedings"],
                "conclusion": spec["conclusion"],
                "ended_at": spec["ended_at"],
            },
        )
        for name, position, organisation, category, *present in PLAN_A_DELEGATES:
            attended = present[index]
            Attendee.objects.update_or_create(
                session=session,
                name=name,
                defaults={
                    "position": position,
                    "organisation": organisation.format(upper=spec["upper"]),
                    "category": category,
                    "invited": True,
                    "confirmed": attended,
                    "attended": attended,
                    "checked_in_at": starts_at - dt.timedelta(minutes=10) if attended else None,
                },
            )
        if session.status == DialogueSession.Status.PLANNED:
            session = services.session_mark_held(session=session, actor=users["vanphong"])
        sessions.append(session)
    return sessions


def _opinion(session, content: str, **fields) -> tuple[Opinion, bool]:
    existing = Opinion.objects.filter(session=session, content=content).first()
    if existing:
        return existing, False
    opinion = services.opinion_create(session=session, content=content, **fields)
    Opinion.objects.filter(pk=opinion.pk).update(
        created_at=session.starts_at + dt.timedelta(hours=1, minutes=30)
    )
    opinion.refresh_from_db()
    return opinion, True


def _seed_plan_a_opinions(sessions, users) -> None:
    first, second = sessions
    departments = {d.code: d for d in Department.objects.filter(code__in=["tu-phap", "dia-chinh"])}
    fields = {f.code: f for f in ProcedureField.objects.all()}
    vanphong = users["vanphong"]

    # Session 1: assigned to Tư pháp, answered in writing and approved (a numbered letter).
    opinion, created = _opinion(
        first,
        "Khi đăng ký khai sinh trực tuyến cho con, tôi vẫn phải mang giấy tờ bản chính đến "
        "Bộ phận Một cửa để đối chiếu. Đề nghị UBND phường xem xét rút ngắn bước này.",
        source=Opinion.Source.FLOOR,
        citizen_name="Nguyễn Thị Mai",
        citizen_address="Số 15 ngõ 2 Phú La, Tổ dân phố số 2",
        field=fields.get("tu-phap"),
        actor=vanphong,
    )
    if created:
        services.opinion_classify(
            opinion=opinion,
            actor=vanphong,
            classification=Opinion.Classification.PROCEDURE,
            field=fields.get("tu-phap"),
            department=departments["tu-phap"],
            officer=users["tuphap"],
            due_date=dt.date(2025, 6, 26),
        )
        services.opinion_draft_answer(
            opinion=opinion,
            actor=users["tuphap"],
            answer=(
                "Khi đăng ký khai sinh trực tuyến, giấy tờ của người yêu cầu đã được số hóa và "
                "xác thực qua Cơ sở dữ liệu quốc gia về dân cư thì không phải xuất trình lại bản "
                "chính để đối chiếu.\n"
                "Từ tháng 7/2025, Bộ phận Tư pháp - Hộ tịch trả kết quả đăng ký khai sinh trực "
                "tuyến bằng bản điện tử; Ông/Bà chỉ đến Bộ phận Một cửa khi cần nhận bản chính "
                "Giấy khai sinh."
            ),
        )
        opinion = services.opinion_approve(opinion=opinion, actor=users["chutich"])
        opinion = services.opinion_mark_sent(opinion=opinion, actor=vanphong)
        _backdate_number(opinion.number, dt.date(2025, 6, 24))
        Opinion.objects.filter(pk=opinion.pk).update(
            answered_at=_aware(2025, 6, 20, 10, 0),
            approved_at=_aware(2025, 6, 24, 9, 0),
            letter_sent_at=_aware(2025, 6, 24, 15, 0),
        )

    # Session 1: answered on the spot by the vice-chairman.
    opinion, created = _opinion(
        first,
        "Đề nghị phường hướng dẫn người cao tuổi cách nộp hồ sơ trên Cổng dịch vụ công.",
        source=Opinion.Source.FLOOR,
        citizen_name="Ngô Thị Hạnh",
        citizen_address="Tổ dân phố số 5",
        classification=Opinion.Classification.PROCEDURE,
        actor=vanphong,
    )
    if created:
        services.opinion_answer_on_the_spot(
            opinion=opinion,
            actor=users["phochutich"],
            answer=(
                "Bộ phận Một cửa phối hợp với Đoàn Thanh niên phường bố trí tình nguyện viên "
                "hướng dẫn nộp hồ sơ trực tuyến vào sáng thứ Bảy hằng tuần tại trụ sở UBND phường."
            ),
        )
        Opinion.objects.filter(pk=opinion.pk).update(answered_at=_aware(2025, 6, 12, 10, 0))

    # Session 2: answered on the spot by the chairman.
    opinion, created = _opinion(
        second,
        "Đề nghị Bộ phận Một cửa bố trí thêm chỗ ngồi chờ và niêm yết mã QR tra cứu tình "
        "trạng hồ sơ tại quầy.",
        source=Opinion.Source.FLOOR,
        citizen_name="Lê Minh Quân",
        citizen_address="Công ty TNHH Thương mại Dịch vụ Văn La",
        classification=Opinion.Classification.PROCEDURE,
        actor=vanphong,
    )
    if created:
        services.opinion_answer_on_the_spot(
            opinion=opinion,
            actor=users["chutich"],
            answer=(
                "UBND phường tiếp thu; trong tháng 11/2025 Văn phòng UBND phường bố trí thêm 10 "
                "ghế chờ và niêm yết mã QR tra cứu hồ sơ tại Bộ phận Một cửa."
            ),
        )
        Opinion.objects.filter(pk=opinion.pk).update(answered_at=_aware(2025, 11, 13, 10, 0))

    # Session 2: a complaint, out of scope, routed to citizen reception.
    opinion, created = _opinion(
        second,
        "Tôi khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng đối với gia đình tôi "
        "tại Tổ dân phố số 9, đề nghị hủy quyết định này.",
        source=Opinion.Source.FLOOR,
        citizen_name="Trịnh Văn Đức",
        citizen_address="Tổ dân phố số 9",
        actor=vanphong,
    )
    if created:
        services.opinion_classify(
            opinion=opinion,
            actor=vanphong,
            classification=Opinion.Classification.COMPLAINT,
            routed_note="Chuyển Bộ phận tiếp công dân phường xử lý theo quy định của Luật Khiếu nại.",
        )

    # Session 2: a survey ballot assigned to Địa chính, its answer now overdue.
    opinion, created = _opinion(
        second,
        "Thời gian xác nhận nguồn gốc, hiện trạng sử dụng đất còn kéo dài; đề nghị phường công "
        "khai quy trình và thời hạn giải quyết từng bước.",
        source=Opinion.Source.BALLOT,
        citizen_name="Phạm Văn Sơn",
        citizen_address="Tổ dân phố số 3",
        field=fields.get("dia-chinh"),
        actor=vanphong,
    )
    if created:
        services.opinion_classify(
            opinion=opinion,
            actor=vanphong,
            classification=Opinion.Classification.PROCEDURE,
            field=fields.get("dia-chinh"),
            department=departments["dia-chinh"],
            officer=users["diachinh"],
            due_date=dt.date(2025, 11, 27),
        )


def _seed_plan_b(users) -> DialoguePlan:
    plan = DialoguePlan.objects.filter(
        year=2026, kind=DialoguePlan.Kind.NEIGHBOURHOOD, title=PLAN_B_TITLE
    ).first()
    if plan is None:
        plan = DialoguePlan.objects.create(
            year=2026,
            kind=DialoguePlan.Kind.NEIGHBOURHOOD,
            title=PLAN_B_TITLE,
            signer=users["chutich"],
            created_by=users["vanphong"],
            **PLAN_B,
        )
        _plan_children(
            plan, PLAN_B_TOPICS, PLAN_B_GROUPS, PLAN_B_PROGRAMME, PLAN_B_RESPONSIBILITIES
        )
    elif plan.editable:
        for name in PLAN_TEXT_FIELDS:
            setattr(plan, name, PLAN_B[name])
        plan.save()
        _plan_children(
            plan, PLAN_B_TOPICS, PLAN_B_GROUPS, PLAN_B_PROGRAMME, PLAN_B_RESPONSIBILITIES
        )
    neighbourhoods = {
        nb.name: nb
        for nb in Neighborhood.objects.filter(
            name__in=[f"Tổ dân phố số {n}" for n in PLAN_B_COVERAGE]
        )
    }
    now = timezone.now()
    chairs = [users["chutich"].display_name, users["phochutich"].display_name]
    for n, quarters in PLAN_B_COVERAGE.items():
        nb = neighbourhoods.get(f"Tổ dân phố số {n}")
        if nb is None:
            continue
        for q in quarters:
            day = PLAN_B_MOVED_DAYS.get((n, q), 5 + 2 * n)
            starts_at = _aware(2026, 3 * q - 1, day, 19, 30)
            session, _ = DialogueSession.objects.update_or_create(
                plan=plan,
                title=f"Đối thoại với nhân dân {nb.name}, quý {QUARTERS[q]}/2026",
                defaults={
                    "starts_at": starts_at,
                    "venue": f"Nhà văn hóa {nb.name}",
                    "neighborhood": nb,
                    "chair": chairs[(n + q) % 2],
                    "secretary": users["vanphong"].display_name,
                },
            )
            if session.status == DialogueSession.Status.PLANNED and starts_at <= now:
                services.session_mark_held(session=session, actor=users["vanphong"])
    return plan


def _seed_plan_b_opinions(plan, users) -> None:
    """Opinions raised at this year's neighbourhood sessions (third quarter), so the
    quarter's report has opinions answered, overdue and out of scope."""
    held = list(
        plan.sessions.filter(
            status=DialogueSession.Status.HELD, starts_at__month__in=(7, 8, 9)
        ).order_by("starts_at")
    )
    if len(held) < 2:
        return
    vanphong = users["vanphong"]
    departments = {d.code: d for d in Department.objects.filter(code__in=["tu-phap", "dia-chinh"])}
    fields = {f.code: f for f in ProcedureField.objects.all()}
    first, second = held[0], held[1]

    opinion, created = _opinion(
        first,
        "Đề nghị niêm yết lịch tiếp nhận hồ sơ chứng thực vào buổi sáng thứ Bảy tại nhà văn "
        "hóa tổ dân phố.",
        source=Opinion.Source.FLOOR,
        citizen_name="Vũ Thị Lan",
        citizen_address=first.neighborhood.name,
        classification=Opinion.Classification.PROCEDURE,
        actor=vanphong,
    )
    if created:
        services.opinion_answer_on_the_spot(
            opinion=opinion,
            actor=users["phochutich"],
            answer="Văn phòng UBND phường niêm yết lịch tại 12 nhà văn hóa trong tháng 9/2026.",
        )

    opinion, created = _opinion(
        first,
        "Hồ sơ đăng ký biến động đất đai của gia đình tôi bị yêu cầu bổ sung hai lần; đề nghị "
        "phường hướng dẫn đầy đủ ngay từ lần đầu.",
        source=Opinion.Source.FLOOR,
        citizen_name="Đặng Văn Hùng",
        citizen_address=first.neighborhood.name,
        field=fields.get("dia-chinh"),
        actor=vanphong,
    )
    if created:
        services.opinion_classify(
            opinion=opinion,
            actor=vanphong,
            classification=Opinion.Classification.PROCEDURE,
            field=fields.get("dia-chinh"),
            department=departments["dia-chinh"],
            officer=users["diachinh"],
            due_date=dt.date(2026, 9, 18),
        )

    opinion, created = _opinion(
        second,
        "Tôi tố cáo cán bộ tổ dân phố thu tiền sai quy định khi xác nhận hồ sơ.",
        source=Opinion.Source.FLOOR,
        citizen_name="Lý Thị Thu",
        citizen_address=second.neighborhood.name,
        actor=vanphong,
    )
    if created:
        services.opinion_classify(
            opinion=opinion,
            actor=vanphong,
            classification=Opinion.Classification.COMPLAINT,
            routed_note="Chuyển Bộ phận tiếp công dân phường xử lý theo Luật Tố cáo.",
        )

    _opinion(
        second,
        "Đề nghị tăng số quầy tiếp nhận hồ sơ vào các ngày đầu tuần.",
        source=Opinion.Source.FLOOR,
        citizen_name="Hoàng Minh Tuấn",
        citizen_address=second.neighborhood.name,
        actor=vanphong,
    )
