"""Demo ward plans in the wards' own words (seeds 002, 003 and 004), entered through the
services as the office would.

- Tân Quy Đông 2021: periodic dialogues with residents (seed 002), a draft. It keeps its
  own parts: "II. NỘI DUNG KẾ HOẠCH" with items 1-5, and no part III.
- Đông Thanh 2024: the "3 không, 3 biết" model at the one-stop desk (seed 003), a draft.
- Thọ Xương 2024: friendly government (seed 004), issued (submitted by the office,
  approved and signed by the vice-chairman, dated as the seed), so its ten tasks are
  followed up.

Each seed is a small nested structure (`S` sections holding paragraphs, "- " list items,
children and `T` tasks) entered by `seed_plan`. Safe to run again: a plan whose title
already exists is left alone. A ward department named by a task is matched by its code
(created with the demo name when missing, as in a test database).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Max

from plans import services
from plans.models import Plan, Section, SignerAuthority, TaskTiming
from plans.timing import parse_timing, quarter_end
from portal.document_types import number_text
from portal.models import Department, DocumentNumber, User

OFFICE_USER = "vanphong"
APPROVER = "phochutich"
VP = "Văn phòng HĐND-UBND phường"  # seed 004's name for the office (van-phong)


def S(heading: str, *body: str, children=(), tasks=(), inline=False, numbering="") -> dict:
    """A section: its heading, its paragraphs ("- " begins a list item), its children
    and its tasks."""
    return {
        "heading": heading,
        "body": list(body),
        "children": list(children),
        "tasks": list(tasks),
        "inline": inline,
        "numbering": numbering,
    }


def T(
    text: str,
    when: str,
    *,
    lead: str = "van-phong",
    label: str = VP,
    partners_text: str = "",
    partners=(),
    details: bool = True,
) -> dict:
    """A task: `when` as the seed writes it (parsed by plans.timing.parse_timing).
    details=False when the section's paragraphs already name the units and the time."""
    return {
        "text": text,
        "when": when,
        "lead": lead,
        "label": label,
        "partners_text": partners_text,
        "partners": list(partners),
        "details": details,
    }


# --- Seed 002: Tân Quy Đông, 2021 --------------------------------------------------------

SEED_002 = {
    "year": 2021,
    "title": "Tổ chức định kỳ buổi đối thoại, tiếp xúc trực tiếp với nhân dân năm 2021",
    "legal_basis": [
        "Căn cứ Kế hoạch số 690/KH-UBND ngày 23 tháng 12 năm 2020 của Ủy ban nhân dân phường Tân Quy Đông ban hành Kế hoạch Cải cách hành chính phường Tân Quy Đông năm 2021.",
    ],
    "introduction": [
        "Ủy ban nhân dân phường Tân Quy Đông ban hành Kế hoạch tổ chức định kỳ buổi đối thoại, tiếp xúc trực tiếp với nhân dân cụ thể sau:",
    ],
    "sections": [
        S(
            "MỤC ĐÍCH, YÊU CẦU",
            children=[
                S(
                    "Mục đích",
                    "- Tiếp tục phát huy quyền làm chủ của nhân dân, đảm bảo thực hiện tốt chức năng giám sát của nhân dân trên tất cả các lĩnh vực đời sống, xã hội tại cơ sở, tham gia xây dựng chính quyền, tham gia đóng góp ý kiến xây dựng và phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh trên địa bàn phường.",
                    "- Giải quyết kịp thời các đề xuất, kiến nghị, các vấn đề còn tồn tại ở cơ sở, tạo sự đồng thuận cao trong quần chúng nhân dân trong việc triển khai thực hiện các chủ trương, chính sách phát triển kinh tế - xã hội của phường.",
                    "- Nâng cao chất lượng hoạt động công vụ của đội ngũ cán bộ, công chức theo hướng chuyên nghiệp, trách nhiệm, năng động, minh bạch, hiệu quả đảm bảo sự hài lòng của nhân dân đối với sự phục vụ của chính quyền.",
                ),
                S(
                    "Yêu cầu",
                    "- Nâng cao chất lượng hoạt động đối thoại, tiếp xúc trực tiếp với nhân dân là việc làm thường xuyên nhằm nâng cao chất lượng phục vụ của cơ quan hành chính nhà nước đối với nhân dân, qua đó các mô hình, hoạt động tốt cần nhân rộng và điều chỉnh, sửa đổi các mô hình, hoạt động chưa phù hợp.",
                    "- Tạo điều kiện cho người dân góp ý những vấn đề bức thiết, cán bộ, công chức phải lắng nghe, tiếp thu và giải quyết kịp thời một cách cầu thị các phản ánh, kiến nghị của người dân.",
                ),
            ],
        ),
        S(
            "NỘI DUNG KẾ HOẠCH",
            children=[
                S(
                    "Thời gian, địa điểm:",
                    children=[
                        S(
                            "Thời gian:",
                            "Trong hoặc ngoài giờ hành chính tùy theo sự sắp xếp công việc cơ quan của cá nhân tham gia xuống dân (tối thiểu 01 lần/khóm/quí).",
                            inline=True,
                            numbering=Section.Numbering.LETTER,
                        ),
                        S(
                            "Địa điểm:",
                            "Tại Văn phòng các xóm hoặc các hộ dân trên địa bàn phường.",
                            inline=True,
                            numbering=Section.Numbering.LETTER,
                        ),
                    ],
                ),
                S("Hình thức:", "Đối thoại, tọa đàm trực tiếp.", inline=True),
                S(
                    "Nội dung nghe góp ý:",
                    "- Những vấn đề mang tính bức xúc, phát sinh thực tế tại địa bàn dân cư được người dân quan tâm mà chưa có dịp phản ánh với chính quyền địa phương.",
                ),
                S(
                    "Thành phần tham dự:",
                    "- Chủ tịch Ủy ban nhân dân phường, công chức Văn phòng – Thống kê phụ trách công tác cải cách hành chính, các công chức chuyên môn thuộc Ủy ban nhân dân phường, đại diện Ban nhân dân các khóm, có thể mời thêm đại diện Đảng ủy, HĐND, MTTQ và các đoàn thể tham dự.",
                ),
                S(
                    "Trách nhiệm của cán bộ, công chức xuống dân:",
                    "- Lắng nghe và trả lời trực tiếp những ý kiến, nguyện vọng, tâm tư, bức xúc của nhân dân ngay tại buổi tiếp xúc hoặc ghi nhận, trong thời gian nhất định phải giải quyết kịp thời và thông báo bằng văn bản để người dân được biết.",
                    "- Công chức phụ trách công tác cải cách hành chính có trách nhiệm tổng hợp kết quả xuống dân nghe góp ý của lãnh đạo Ủy ban nhân dân phường để lồng ghép vào báo cáo công tác cải cách hành chính theo định kỳ gửi về Ủy ban nhân dân Thành phố (qua phòng Nội vụ).",
                ),
            ],
        ),
    ],
    "closing": [
        "Trên đây là Kế hoạch tổ chức định kỳ buổi đối thoại, tiếp xúc trực tiếp với nhân dân năm 2021 của Ủy ban nhân dân phường Tân Quy Đông./.",
    ],
    "recipients": [
        "Phòng Nội vụ TP;",
        "TT.ĐU; TT.HĐND phường;",
        "CT; PCT.UBND phường;",
        "Các ban, ngành phường;",
        "UBMTTQ và các đoàn thể;",
        "Lưu: VT, s.",
    ],
    "authority": SignerAuthority.TM,
    "issue": False,
}

# --- Seed 003: Đông Thanh, 2024 ----------------------------------------------------------

SEED_003 = {
    "year": 2024,
    "title": "Xây dựng mô hình dân vận khéo tại Bộ phận Một cửa với chủ đề: “3 không, 3 biết” trong giải quyết thủ tục hành chính",
    "legal_basis": [
        "Căn cứ Kế hoạch số 54/KH-UBND ngày 27/12/2021 của UBND phường về cải cách hành chính nhà nước phường Đông Thanh giai đoạn 2021-2025, định hướng đến năm 2030; Kế hoạch số 11/KH - UBND ngày 06/02/2024 của UBND phường thực hiện nhiệm vụ cải cách hành chính (CCHC) năm 2024.",
    ],
    "introduction": [
        "UBND Phường Đông Thanh xây dựng Kế hoạch dân vận khéo tại Bộ phận Một cửa với chủ đề “3 không, 3 biết” (không trễ hẹn, không gây phiền hà, không bổ sung hồ sơ quá 1 lần; biết xin chào, biết xin lỗi, biết cảm ơn) như sau:",
    ],
    "sections": [
        S(
            "MỤC ĐÍCH, YÊU CẦU",
            children=[
                S(
                    "Mục đích",
                    "- Tiếp tục thực hiện có hiệu quả nhiệm vụ công tác dân vận của hệ thống chính trị, nhất là trong công tác CCHC; đẩy mạnh phát triển kinh tế - xã hội, nâng cao đời sống vật chất, tinh thần cho Nhân dân. Thực hiện tốt các phong trào thi đua yêu nước và phong trào thi đua “Dân vận khéo”.",
                    "- Quan tâm giải quyết lợi ích hợp pháp, nguyện vọng chính đáng của người dân; đẩy mạnh CCHC, nâng cao chất lượng công tác tiếp dân, đối thoại, chủ động nắm chắc tình hình và giải quyết kịp thời, có hiệu quả những công việc liên quan đến người dân, doanh nghiệp và các tổ chức có liên quan khi giao dịch các thủ tục hành chính.",
                ),
                S(
                    "Yêu cầu",
                    "- Việc thực hiện mô hình phải được triển khai sâu rộng, phù hợp với yêu cầu nhiệm vụ, góp phần tích cực trong việc thực hiện công tác CCHC tại địa phương theo hướng gần dân, trọng dân, lắng nghe ý kiến của Nhân dân và phục vụ Nhân dân.",
                    "- Thường xuyên kiểm tra, sơ kết, tổng kết, đánh giá, rút kinh nghiệm, biểu dương, khen thưởng, nhân rộng những mô hình, điển hình tiêu biểu của tập thể và cá nhân để tạo sức lan tỏa trong toàn phường.",
                    "- Cán bộ, công chức làm việc tại bộ phận một cửa thực hiện khẩu hiệu “6 biết” (biết nghe dân nói; biết nói dân hiểu; biết làm dân tin; biết chia sẻ; biết xin lỗi; biết cảm ơn) và “3 thể hiện” (Tôn trọng: trong quan hệ giao tiếp. Văn minh: lịch sự, văn hóa trong giao tiếp, giải quyết công việc. Gần gũi: trong quan hệ giải quyết công việc nhanh chóng) và “5 không” (không hách dịch, cửa quyền; không quan liêu, sách nhiễu, gây phiền hà nhân dân; không tham ô, lãng phí; không né tránh trách nhiệm; không chậm trễ giải quyết hồ sơ, công việc)... và thực hiện phương châm trong giải quyết TTHC là “Đơn giản - thân thiện - đúng hẹn”.",
                ),
            ],
        ),
        S(
            "NỘI DUNG MÔ HÌNH",
            children=[
                S(
                    "Nội dung “3 không”",
                    children=[
                        S(
                            "Thứ nhất, không trễ hẹn trong giải quyết thủ tục hành chính",
                            "- Ngay sau khi nhận được hồ sơ của cá nhân, tổ chức, Bộ phận Tiếp nhận và trả kết quả phải chuyển bộ phận chuyên môn xử lý, giải quyết hồ sơ đảm bảo trả kết quả cho tổ chức và cá nhân đúng thời gian quy định.",
                            "- Trường hợp đến ngày hẹn trả kết quả nhưng hồ sơ vẫn chưa xử lý xong, bộ phận chuyên môn phải trình Chủ tịch/Phó chủ tịch UBND phường ký văn bản nêu rõ nguyên nhân, lý do trả kết quả chậm, đồng thời hẹn thời gian trả kết quả lần sau nhưng không quá thời gian theo quy định.",
                        ),
                        S(
                            "Thứ hai, không gây phiền hà trong giải quyết thủ tục hành chính",
                            "Khi hướng dẫn thủ tục hành chính cho cá nhân, tổ chức, không để xảy ra tình trạng hướng dẫn chung chung, không cụ thể, hoặc yêu cầu người dân bổ sung các thành phần giấy tờ, hồ sơ ngoài quy định, gây phiền hà, những nhiều người dân khi thực hiện các thủ tục hành chính. Những hồ sơ không thuộc thẩm quyền xử lý của UBND phường thì giải thích, hướng dẫn cho người dân đến đúng cơ quan, đơn vị thụ lý, giải quyết.",
                        ),
                        S(
                            "Thứ ba, không bổ sung hồ sơ quá 1 lần trong giải quyết thủ tục hành chính",
                            "- Trong quá trình tiếp nhận hồ sơ thủ tục hành chính, cán bộ, công chức trực tiếp thụ lý giải quyết có trách nhiệm hướng dẫn rõ ràng, đầy đủ nội dung thành phần hồ sơ để cá nhân, tổ chức thực hiện; không được yêu cầu bổ sung hồ sơ, tài liệu quá 1 lần hoặc để người dân, tổ chức phải đi lại nhiều lần đến cơ quan nhà nước chỉ giải quyết 1 công việc.",
                            "- Đối với hồ sơ tiếp nhận qua mạng, sau khi kiểm tra, nêu bảo đảm các điều kiện để tiếp nhận, cán bộ, công chức tiếp nhận hồ sơ thủ tục hành chính và xử lý hồ sơ theo quy trình quy định của pháp luật. Trường hợp hồ sơ chưa đầy đủ, đúng quy định, cán bộ, công chức thông báo cho tổ chức, cá nhân biết thông qua tài khoản của tổ chức, cá nhân trên Công dịch vụ công quốc gia, Cổng dịch vụ công cấp bộ, cấp tỉnh, các kênh thông tin tổ chức, cá nhân đăng ký và hướng dẫn đầy đủ, cụ thể một lần để công dân, tổ chức bổ sung đầy đủ hồ sơ theo yêu cầu.",
                        ),
                    ],
                ),
                S(
                    "Nội dung “3 biết”",
                    children=[
                        S(
                            "Thứ nhất, biết xin chào",
                            'Khi người dân đến giao dịch tại Bộ phận Một cửa luôn được đón tiếp niềm nở, chủ động "xin chào" để tạo môi trường gần gũi, thân thiện.',
                        ),
                        S(
                            "Thứ hai, biết xin lỗi người dân khi hồ sơ trễ hẹn",
                            "- Tất cả các trường hợp thủ tục hành chính giải quyết trễ hẹn đều phải thực hiện Thư xin lỗi kịp thời, đầy đủ, chính xác, nêu rõ lý do chưa có kết quả và ngày hẹn trả kết quả giải quyết lần sau cho cá nhân, tổ chức.",
                            "- Việc thực hiện Thư xin lỗi về thủ tục hành chính giải quyết trễ hẹn phải được thực hiện đối với từng hồ sơ cụ thể.",
                            "- Bảo đảm sự phối hợp chặt chẽ giữa các cơ quan, đơn vị trong việc thực hiện Thư xin lỗi về thủ tục hành chính giải quyết trễ hẹn; xác định cụ thể cơ quan, đơn vị, bộ phận và cá nhân chịu trách nhiệm về hồ sơ trễ hẹn.",
                            "- Các nguyên nhân dẫn đến việc giải quyết thủ tục hành chính trễ hẹn phải được xác định cụ thể và có giải pháp chấn chỉnh, khắc phục kịp thời.",
                        ),
                        S(
                            "Thứ ba, biết cảm ơn",
                            '- Kết thúc quá trình giao dịch phải thể hiện nền hành chính phục vụ đối với người dân bằng lời "xin cảm ơn".',
                            "- Trong giao tiếp với người dân, cán bộ, công chức phải tôn trọng, lắng nghe, tận tình hướng dẫn về quy trình xử lý công việc và giải thích cặn kẽ những thắc mắc của người dân.",
                            "- Trong giải quyết các thủ tục hành chính đúng hẹn, đúng luật, giao tiếp lịch sự, nêu cao tinh thần, trách nhiệm nêu gương của người đứng đầu các cơ quan, đơn vị, cán bộ, công chức tiếp dân để đem lại sự hài lòng của người dân khi đến giao dịch tại UBND phường.",
                        ),
                    ],
                ),
            ],
        ),
        S(
            "TỔ CHỨC THỰC HIỆN",
            "- Công chức Văn phòng - Thống kê chịu trách nhiệm theo dõi, kiểm tra thực hiện có hiệu quả các nội dung nêu trên và thực hiện chế độ báo cáo định kỳ.",
            "- Bộ phận Một cửa; các bộ phận; cán bộ, công chức thuộc UBND phường chịu trách nhiệm thực hiện có hiệu quả các nội dung trên, phối hợp, tạo điều kiện để Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội tham gia giám sát, phản biện xã hội theo quy định.",
        ),
    ],
    "closing": [
        "Trên đây là Kế hoạch triển khai mô hình dân vận khéo tại Bộ phận một cửa của UBND Phường Đông Thanh, yêu cầu đơn vị, các bộ phận phối hợp triển khai thực hiện./.",
    ],
    "recipients": [
        "UBND thành phố;",
        "Phòng Nội vụ thành phố;",
        "TT Đảng ủy, HĐND, UBNDTTQVN phường;",
        "CT, PCT UBND phường;",
        "Các ban, ngành liên quan của phường;",
        "Lưu: VT.",
    ],
    "authority": SignerAuthority.TM,
    "issue": False,
}

# --- Seed 004: Thọ Xương, 2024 -----------------------------------------------------------

SPECIALISTS = ("tu-phap", "dia-chinh", "van-hoa", "tai-chinh", "cong-an")

SEED_004 = {
    "year": 2024,
    "title": "Xây dựng chính quyền thân thiện năm 2024",
    "issued_on": dt.date(2024, 2, 25),
    "legal_basis": [
        "Căn cứ Kế hoạch số 44-KH/TU ngày 23/02/2024 của UBND thành phố Bắc Giang về xây dựng chính quyền thân thiện năm 2024;",
    ],
    "introduction": [
        "UBND phường Thọ Xương xây dựng Kế hoạch xây dựng chính quyền thân thiện năm 2024, cụ thể như sau:",
    ],
    "sections": [
        S(
            "MỤC ĐÍCH, YÊU CẦU:",
            children=[
                S(
                    "Mục đích:",
                    "Nhằm tạo sự chuyển biến mạnh mẽ về nhận thức, trách nhiệm của cán bộ, công chức, nhất là người đứng đầu các bộ phận, cơ quan hành chính nhà nước, chính quyền về công tác dân vận, thực hiện quy chế dân chủ ở cơ sở; nâng cao đạo đức công vụ, ý thức trách nhiệm, tinh thần phục vụ Nhân dân, góp phần nâng cao hiệu lực, hiệu quả quản lý nhà nước, xây dựng nền hành chính năng động, cởi mở, thân thiện, thực hiện hoàn thành nhiệm vụ phát triển kinh tế-xã hội năm 2024.",
                    "Hoàn thành trước thời hạn các mục tiêu đề ra, năm 2024 phường được công nhận Chính quyền thân thiện đạt 4 sao.",
                ),
                S(
                    "Yêu cầu:",
                    "Tổ chức thực hiện Kế hoạch trên cơ sở đúng nguyên tắc, chức năng, nhiệm vụ và trách nhiệm được phân công của từng đơn vị, bộ phận; các nội dung được triển khai thực hiện cụ thể, thiết thực và hiệu quả.",
                    "Từng bộ phận tổ chức rà soát thực hiện các tiêu chí hiệu quả ngay từ đầu năm.",
                ),
            ],
        ),
        S(
            "MỤC TIÊU:",
            "Phấn đấu xây dựng đủ các tiêu chí để phường Thọ Xương đạt chuẩn “Chính quyền thân thiện” 04 sao trở lên.",
        ),
        S(
            "NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN:",
            children=[
                S(
                    "Công chỉ đạo, triển khai thực hiện:",
                    "Các bộ phận thực hiện rà soát nhiệm vụ, tiêu chí xây dựng chính quyền thân thiện (theo Quyết định số 710/QĐ-UBND ngày 17/4/2024 của UBND tỉnh về ban hành Bộ tiêu chí và thang điểm “chính quyền thân thiện” cấp xã trên địa bàn tỉnh Bắc Giang); thực hiện tốt Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ Tỉnh ủy về chấn chỉnh tác phong, lề lối làm việc và nâng cao trách nhiệm trong thực thi nhiệm vụ đáp ứng yêu cầu trong tình hình mới để xây dựng kế hoạch thực hiện đảm bảo đồng bộ, rõ người, rõ việc, rõ thời gian hoàn thành; định kỳ hàng quý tổ chức kiểm điểm, đánh giá từng tiêu chí để tiếp tục nâng cao.",
                    tasks=[
                        T(
                            "Định kỳ hàng quý tổ chức kiểm điểm, đánh giá từng tiêu chí xây dựng chính quyền thân thiện để tiếp tục nâng cao",
                            "định kỳ hàng quý",
                            label="Các bộ phận",
                            partners=SPECIALISTS,
                            details=False,
                        )
                    ],
                ),
                S(
                    "Công tác tuyên truyền:",
                    "Tiếp tục đẩy mạnh công tác tuyên truyền, quán triệt, triển khai thực hiện có hiệu quả các văn bản về chính quyền thân thiện, Quy chế dân chủ ở cơ sở, trọng tâm là: Chỉ thị số 09- CT/TU ngày 10/8/2021 của Ban Thường vụ Tỉnh ủy về tiếp tục đẩy mạnh, nâng cao chất lượng, hiệu quả thực hiện dân chủ ở cơ sở, chỉ thị số 03/CT-UBND ngày 14/5/2022 của Chủ tịch UBND tỉnh về tăng cường công tác dân vận, thực hiện quy chế dân chủ ở cơ sở của cơ quan nhà nước, chính quyền các cấp trên địa bàn tỉnh, Quyết định số 710/QĐ-UBND ngày 13/10/2022 về ban hành Bộ tiêu chí và thang điểm “chính quyền thân thiện” cấp xã trên địa bàn tỉnh và các văn bản triển khai thực hiện của thành phố, phường.",
                    "Duy trì có hiệu quả hệ thống truyền thanh từ phường đến TDP tiếp âm chuyên mục về mô hình “Chính quyền thân thiện”, Cải cách hành chính và Chuyển đổi số từ Đài thành phố đảm bảo truyền tải, bao phủ thông tin tới toàn thể nhân dân; tăng cường đưa các tin, bài về xây dựng chính quyền thân thiện, cải cách hành chính và chuyển đổi số của phường. Chủ động, tích cực đăng tải các văn bản chỉ đạo, điều hành, việc thực hiện cơ chế một cửa, thông tin hỗ trợ pháp lý cho doanh nghiệp, dịch vụ công trực tuyến, đăng tải dịch vụ công trực tuyến một phần và toàn trình; tra cứu TTHC, đặc biệt là 25 dịch vụ công thiết yếu; Tuyên truyền hướng dẫn người dân thực hiện thủ tục hành chính qua cổng dịch vụ công. Phát huy hiệu quả tuyên truyền trên cổng thông tin điện tử và qua các nhóm zalo Dân vận cộng đồng, Tổ công nghệ số cộng đồng các TDP ...",
                ),
                S(
                    "Công tác rà soát, xây dựng các tiêu chí đạt chuẩn chính quyền thân thiện:",
                    "Các bộ phận, cán bộ, công chức chủ động rà soát thực hiện đồng bộ các tiêu chí thành phần theo Quyết định 710/QĐ-UBND ngày 17/4/2024 của Chủ tịch UBND tỉnh, đối chiếu với thực tế đầu tư cơ sở vật chất, trang thiết bị... theo đúng mẫu, mô hình quy định chung của tỉnh và theo chỉ đạo của Chủ tịch UBND thành phố tại Công văn số 3742/UBND-VP ngày 19/9/2023.",
                    "Rà soát, nâng cấp hệ thống đài truyền thanh cơ sở đáp ứng đủ tiêu chuẩn của tiêu chí “Đài truyền thanh thông minh” theo chỉ đạo của thành phố.",
                    tasks=[
                        T(
                            "Rà soát, xây dựng các tiêu chí đạt chuẩn chính quyền thân thiện; nâng cấp hệ thống đài truyền thanh cơ sở đạt tiêu chí “Đài truyền thanh thông minh”",
                            "Hoàn thành trong tháng 6/2024",
                            partners_text="các công chức chuyên môn",
                        )
                    ],
                ),
                S(
                    "Thực hiện tốt công khai theo quy chế dân chủ cơ sở:",
                    "Thực hiện nghiêm việc niêm yết các nội dung công khai như: Luật và các văn bản của pháp luật về thực hiện dân chủ ở cơ sở, thực hiện dân chủ trong công tác thu hồi; bồi thường, hỗ trợ, tái định cư trên địa bàn thành phố và Quy chế mẫu trong thực hiện Quy chế dân chủ ở cơ sở tại trụ sở UBND và tại các Nhà văn hóa Tổ dân phố trên địa bàn (BCĐ thực hiện Luật Quy chế dân chủ phường cung cấp văn bản cho Văn phòng HĐND-UBND tổng hợp tạo mã QR code để treo trên bảng thông báo; đồng thời, công khai trên mục thông tin cải cách hành chính, trang tin điện tử phường và mạng xã hội fanpage, zalo OA...).",
                    "Rà soát, sửa đổi, bổ sung, hoàn thiện Quy chế dân chủ ở cơ sở; Quy chế làm việc của Ban thanh tra Nhân dân; Quy chế làm việc của Ban giám sát đầu tư của cộng đồng. BCĐ Quy chế dân chủ phường phối hợp với các tổ chức chính trị - xã hội phường thực hiện việc khảo sát sự hài lòng của người dân theo theo các đợt triển khai của Ban chỉ đạo quy chế dân chủ tỉnh.",
                    tasks=[
                        T(
                            "Niêm yết, công khai các nội dung theo quy chế dân chủ cơ sở; rà soát, hoàn thiện các quy chế dân chủ ở cơ sở",
                            "Hoàn thành trong tháng 6/2024",
                            partners_text="BCĐ thực hiện Luật QCDC phường, Ban TTND",
                        )
                    ],
                ),
                S(
                    "Đẩy mạnh thực hiện các nhiệm vụ cải cách hành chính, nhất là cải cách TTHC, duy trì tốt giải quyết TTHC, hoàn thiện bộ phận Một cửa đảm bảo các tiêu chí đồng bộ:",
                    "Thực hiện rà soát, đơn giản tối đa các TTHC, đặc biệt cắt giảm thời gian giải quyết tối thiểu 30% các TTHC liên quan đến người dân, doanh nghiệp. Tiếp tục đổi mới thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính gắn với số hóa và sử dụng kết quả số hóa hồ sơ, giấy tờ, kết quả giải quyết thủ tục hành chính.",
                    "- 100% giao dịch trên Cổng Dịch vụ công và Hệ thống thông tin một cửa điện tử của phường được xác thực điện tử.",
                    "- 99% người dân và doanh nghiệp hài lòng về việc giải quyết TTHC và sự phục vụ của CBCC phường.",
                    "- Thực hiện số hóa 100% hồ sơ mới của người dân khi đến giao dịch tại bộ phận một cửa các phường.",
                    tasks=[
                        T(
                            "Đẩy mạnh cải cách hành chính, cải cách TTHC; hoàn thiện bộ phận Một cửa đảm bảo các tiêu chí đồng bộ",
                            "Thường xuyên",
                            partners_text="Bộ phận Một cửa, công chức chuyên môn",
                        )
                    ],
                ),
                S(
                    "Tăng cường thực hiện văn minh, văn hóa công sở và Quy tắc ứng xử của cán bộ, công chức:",
                    "Quán triệt trong cán bộ, công chức, tiếp tục thực hiện nghiêm Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ về tăng cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các cấp; Chỉ thị số 01/CT-UBND ngày 08/01/2020 của Chủ tịch UBND tỉnh về tăng cường kỷ luật, kỷ cương hành chính trong thi hành công vụ. 100% cán bộ, công chức khi làm việc phải đeo thẻ; cán bộ, công chức làm việc tại Bộ phận Một cửa phải mặc đồng phục theo quy định, đeo biển tên (thẻ) trong quá trình thực thi nhiệm vụ.",
                    "Cán bộ, công chức phải gương mẫu và thực hiện nghiêm các quy định, chuẩn mực về đạo đức, lối sống; quy tắc ứng xử của người làm việc tại Bộ phận Một cửa; luôn thực hiện nghiêm túc Quy chế văn hóa công sở, kỷ luật, kỷ cương hành chính; đặc biệt thực hiện các khẩu hiệu hành động “Chuyên nghiệp hơn - Thân thiện hơn - Hiệu quả hơn”, “4 xin”, “4 luôn” và “5 không”; phương châm “Chưa hết việc, chưa hết giờ”, “Nụ cười công chức” hướng đến sự hài lòng của người dân đối với đội ngũ cán bộ, công chức.",
                    "Tiếp tục duy trì và nâng cao thực hiện các hoạt động thăm hỏi, chúc mừng, động viên Nhân dân, tổ chức, cá nhân (tổ chức lễ trao giấy chứng nhận kết hôn; trao giấy khai sinh, thẻ bảo hiểm y tế tại nhà; gửi thư cảm ơn người dân, tổ chức và doanh nghiệp có đóng góp; gửi thư xin lỗi về những khuyết điểm, tồn tại của chính quyền). Duy trì sự tham gia của cán bộ, đoàn viên thanh niên để hỗ trợ, tiếp đón, hướng dẫn người dân đến làm thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả UBND phường vào ngày thứ 3, thứ 5 hàng tuần.",
                    tasks=[
                        T(
                            "Thực hiện văn minh, văn hóa công sở và Quy tắc ứng xử của cán bộ, công chức",
                            "Thường xuyên",
                            partners_text="Đoàn TN phường, Bộ phận Một cửa, công chức chuyên môn",
                        )
                    ],
                ),
                S(
                    "Việc thực hiện tổ chức đối thoại với Nhân dân và giải quyết đơn thư khiếu nại, tố cáo:",
                    "Tiếp tục duy trì thực hiện tốt Mô hình Điểm tiếp nhận ý kiến Nhân dân xây dựng chính quyền thân thiện và đô thị văn minh. Thường xuyên tôn trọng, lắng nghe, tiếp thu ý kiến góp ý của Nhân dân tham gia xây dựng chính quyền, giải quyết kịp thời những kiến nghị, nguyện vọng chính đáng của Nhân dân theo quy định của pháp luật; đồng thời kiên trì tuyên truyền, giải thích, thuyết phục Nhân dân đối những vấn đề Nhân dân chưa rõ, chưa đồng thuận. Thực hiện nghiêm Quy chế tiếp công dân theo Luật Tiếp Công dân; Quy chế đối thoại với Nhân dân; tổ chức đối thoại trực tiếp với Nhân dân theo Quyết định số 1158-QĐ/TU, ngày 09/7/2015 của Ban Thường vụ Tỉnh ủy.",
                    tasks=[
                        T(
                            "Tổ chức đối thoại với Nhân dân và giải quyết đơn thư khiếu nại, tố cáo",
                            "Thường xuyên",
                            partners_text="MTTQ, HĐND, Công chức phụ trách công tác giải quyết đơn thư phường",
                        )
                    ],
                ),
                S(
                    "Về bố trí kinh phí:",
                    "Đề xuất UBND thành phố hỗ trợ kinh phí mua sắm trang thiết bị còn thiếu, thay thế, chỉnh trang hệ thống bảng nhận diện, bảng biểu công khai, khẩu hiệu hành động.",
                    # The seed names no lead here, only the time, as a list item.
                    "- Thời gian thực hiện: Hoàn thành trong tháng 4/2024.",
                    tasks=[
                        T(
                            "Đề xuất UBND thành phố hỗ trợ kinh phí mua sắm trang thiết bị, chỉnh trang hệ thống bảng nhận diện, bảng biểu công khai, khẩu hiệu hành động",
                            "Hoàn thành trong tháng 4/2024",
                            details=False,
                        )
                    ],
                ),
            ],
        ),
        S(
            "TỔ CHỨC THỰC HIỆN:",
            children=[
                S(
                    f"{VP}:",
                    "tham mưu Chủ tịch UBND phường xây dựng kế hoạch thực hiện của phường, báo cáo UBND thành phố (qua Phòng Nội vụ) xong trong tháng 3/2024.",
                    "Theo dõi, đôn đốc việc thực hiện của các bộ phận; định kỳ, tham mưu UBND phường tổ chức sơ kết, tổng kết thực hiện kế hoạch, báo cáo Chủ tịch UBND phường theo quy định. Hoàn thiện hồ sơ đánh giá kết quả thực hiện “chính quyền thân thiện” gửi Phòng Nội vụ tổng hợp, trước ngày 30/9/2024.",
                    inline=True,
                    tasks=[
                        T(
                            "Xây dựng kế hoạch thực hiện của phường, báo cáo UBND thành phố (qua Phòng Nội vụ)",
                            "trong tháng 3/2024",
                            details=False,
                        ),
                        T(
                            "Hoàn thiện hồ sơ đánh giá kết quả thực hiện “chính quyền thân thiện” gửi Phòng Nội vụ tổng hợp",
                            "trước ngày 30/9/2024",
                            details=False,
                        ),
                    ],
                ),
                S(
                    "Các bộ phận chuyên môn:",
                    "căn cứ chức năng, nhiệm vụ thực hiện rà soát, tự đánh giá, chấm điểm các tiêu chí, tiêu chí thành phần “Chính quyền thân thiện” theo Bộ tiêu chí và thang điểm theo quy định tỉnh. Gửi các tài liệu minh chứng đánh giá kết quả thực hiện các tiêu chí “chính quyền thân thiện” gửi văn phòng HĐND-UBND phường tổng hợp, trước ngày 15/9/2024.",
                    inline=True,
                    tasks=[
                        T(
                            "Tự đánh giá, chấm điểm các tiêu chí “Chính quyền thân thiện”; gửi tài liệu minh chứng về Văn phòng HĐND-UBND phường tổng hợp",
                            "trước ngày 15/9/2024",
                            label="Các bộ phận chuyên môn",
                            partners=SPECIALISTS,
                            details=False,
                        )
                    ],
                ),
                S(
                    "Công chức văn hóa-XH, Đài TT phường:",
                    "tăng cường công tác tuyên truyền trên các phương tiện thông tin về nội dung kế hoạch; dành thời lượng thích hợp để giới thiệu, tuyên truyền chủ trương của Đảng và Nhà nước về công tác dân vận; xây dựng các chuyên đề về chính quyền làm công tác dân vận; kịp thời biểu dương các tập thể, cá nhân thực hiện tốt và phản ánh các cơ quan, đơn vị, cá nhân thực hiện chưa tốt.",
                    inline=True,
                ),
                S(
                    "Đề nghị các tổ chức chính trị - xã hội phường",
                    "tích cực tuyên truyền đến cán bộ, hội viên, đoàn viên các văn bản xây dựng chính quyền thân thiện, cải cách hành chính, chuyển đổi số của phường. Cử lực lượng tham gia các đợt khảo sát lấy ý kiến người dân theo kế hoạch của Ban dân vận tỉnh.",
                    "Đoàn thanh niên phường cử lực lượng tham gia hỗ trợ tại Bộ phận Một cửa phường các ngày thứ 3, thứ 5 hàng tuần để hướng dẫn người dân đến làm thủ tục hành chính.",
                    inline=True,
                ),
            ],
        ),
    ],
    "closing": [
        "Trên đây là Kế hoạch xây dựng chính quyền thân thiện năm 2024 trên địa bàn phường Thọ Xương; yêu cầu các đơn vị, bộ phận nghiêm túc triển khai thực hiện./.",
    ],
    "recipients": [
        "TT Đảng ủy, HĐND, UBND phường;",
        "BCĐ thực hiện Luật QCDC phường;",
        "UBMTTQ và các tổ chức CT-XH phường;",
        "Các Bộ phận, công chức phường;",
        "Các Chi bộ, TDP;",
        "Lưu: VT, VP.",
    ],
    # The seed signs "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": TM with the
    # vice-chairman as signer prints those three lines (KT alone drops the first).
    "authority": SignerAuthority.TM,
    "issue": True,
}

SEEDS = {"002": SEED_002, "003": SEED_003, "004": SEED_004}


# --- Entering a seed --------------------------------------------------------------------


def _department(code: str) -> Department:
    """The demo department with that code; created with its demo name when missing."""
    from workspace.management.commands.seed_demo import DEPARTMENTS

    department = Department.objects.filter(code=code).first()
    if department is None:
        department = Department.objects.create(code=code, name=dict(DEPARTMENTS)[code])
    return department


def _add_sections(plan: Plan, items: list[dict], parent: Section | None = None) -> None:
    for item in items:
        section = services.section_add(
            plan=plan,
            parent=parent,
            heading=item["heading"],
            body="\n".join(item["body"]),
            numbering=item["numbering"],
            inline=item["inline"],
        )
        for task in item["tasks"]:
            timing, due_date = parse_timing(task["when"])
            services.task_add(
                section=section,
                text=task["text"],
                lead=_department(task["lead"]),
                lead_label=task["label"],
                partners=[_department(code) for code in task["partners"]],
                partners_text=task["partners_text"],
                timing=timing,
                due_date=due_date,
                print_text=False,
                print_details=task["details"],
            )
        _add_sections(plan, item["children"], section)


def _backdate_number(number: DocumentNumber, day: dt.date) -> None:
    """Date the number just taken as the seed was issued (the services number with
    today's date), keeping that year's numbers gap-free (dialogues.demo does the same)."""
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


@transaction.atomic
def seed_plan(seed: dict) -> Plan:
    """Enter one seed as a plan (issued when the seed says so); the existing plan when
    one with the same title and year is already there."""
    existing = Plan.objects.filter(year=seed["year"], title=seed["title"]).first()
    if existing is not None:
        return existing
    office = User.objects.filter(username=OFFICE_USER).first()
    plan = Plan.objects.create(
        year=seed["year"],
        title=seed["title"],
        legal_basis="\n".join(seed["legal_basis"]),
        introduction="\n".join(seed["introduction"]),
        closing="\n".join(seed["closing"]),
        recipients="\n".join(seed["recipients"]),
        signer_authority=seed["authority"],
        created_by=office,
    )
    _add_sections(plan, seed["sections"])
    if seed["issue"]:
        approver = User.objects.filter(username=APPROVER).first()
        if office is None or approver is None:
            raise RuntimeError(f"Run seed_demo first: users {OFFICE_USER} and {APPROVER}")
        services.plan_submit(plan=plan, actor=office)
        services.plan_approve(plan=plan, actor=approver)
        plan = services.plan_issue(plan=plan, actor=office)
        _backdate_number(plan.number, seed["issued_on"])
        Plan.objects.filter(pk=plan.pk).update(issued_on=seed["issued_on"])
        # A quarterly task awaits the report of the quarter the plan was issued in.
        plan.tasks.filter(timing=TaskTiming.QUARTERLY).update(
            due_date=quarter_end(seed["issued_on"])
        )
        plan.refresh_from_db()
    return plan


def seed_plans_demo() -> list[Plan]:
    return [seed_plan(seed) for seed in SEEDS.values()]
