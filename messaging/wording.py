"""What the messages say. Vietnamese literals, not the UI catalogue: an SMS brandname
text must match, word for word, the template registered with the carriers, and a ZNS
template is approved by Zalo with these parameter names. A ward whose registered
texts differ sets SMS_TEMPLATES (README, "How a ward configures SMS and Zalo").

Parameters (also the ZNS `template_data` keys):
  don_vi        the ward ("UBND phường Phú La")
  ma_ho_so      the receipt code, or the number of the answer letter
  noi_nhan      where and how the result is collected          (result_ready)
  noi_dung      what is missing                                (supplement_requested)
  ngay_hen_moi  the new appointment date, dd/mm/yyyy           (apology_letter)
  ve_viec       what the letter is about                      (thank_you_letter)
No text ever carries a CCCD number (services.scrub_id_numbers).
"""

SMS_TEMPLATES = {
    "result_ready": ("{don_vi}: Hồ sơ {ma_ho_so} đã có kết quả. Ông/bà nhận kết quả {noi_nhan}."),
    "supplement_requested": (
        "{don_vi}: Hồ sơ {ma_ho_so} cần bổ sung: {noi_dung}. "
        "Đề nghị ông/bà bổ sung tại Bộ phận Một cửa."
    ),
    "apology_letter": (
        "{don_vi} xin lỗi ông/bà vì hồ sơ {ma_ho_so} chưa có kết quả đúng hẹn. "
        "Ngày hẹn trả kết quả mới: {ngay_hen_moi}."
    ),
    "answer_approved": (
        "{don_vi} đã có văn bản trả lời ý kiến của ông/bà (số {ma_ho_so}). "
        "Văn bản được gửi theo địa chỉ ông/bà đã cung cấp."
    ),
    "thank_you_letter": "{don_vi} trân trọng gửi ông/bà thư cảm ơn {ve_viec}.",
}

# Where and how the result is collected, by Case.delivery.
COLLECT = {
    "desk": "tại Bộ phận Một cửa, mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "post": "qua dịch vụ bưu chính công ích theo địa chỉ đã đăng ký",
    "online": "trực tuyến trên Cổng Dịch vụ công",
    "home": "tại nhà theo địa chỉ đã đăng ký",
}

# The purpose recorded with a consent (Nghị định 13/2023/NĐ-CP, Article 11).
CONSENT_PURPOSE = {
    "dossier_receipt": (
        "Nhận thông báo qua SMS/Zalo về tình trạng giải quyết hồ sơ {ma_ho_so} "
        "(yêu cầu bổ sung, thư xin lỗi hẹn lại, kết quả)."
    ),
    "opinion_form": (
        "Nhận thông báo qua SMS/Zalo khi có văn bản trả lời ý kiến, kiến nghị đã gửi."
    ),
    "other": "Nhận thông báo qua SMS/Zalo về việc ông/bà đã gửi tới UBND.",
}
