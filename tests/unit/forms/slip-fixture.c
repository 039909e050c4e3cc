/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A realistic dossier for printing every kind of slip: Vietnamese names with
 * stacked diacritics, a long procedure name that wraps, components, a
 * hand-over timeline and, on request, many ledger rows. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include "slip-fixture.h"

static const char * const surnames[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Vũ", "Huỳnh", "Ngô" };
static const char * const given[] = { "Văn Dũng", "Thị Ngọc Ánh", "Hữu Nghĩa", "Thị Hòa", "Quốc Việt", "Thị Tuyết Nhung" };
static const char * const procedures[] = {
  "Đăng ký khai sinh",
  "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
  "Đăng ký kết hôn",
  "Xác nhận thông tin về cư trú",
};
static const char * const states[] = { "Đang xử lý", "Đã trả kết quả", "Yêu cầu bổ sung", "Đã xử lý xong" };

McSlipData *
slip_fixture_new (guint ledger_rows)
{
  McSlipData *data = mc_slip_data_new ();

  mc_slip_data_set (data, "office_parent", "Ủy ban nhân dân xã Ngưỡng Sơn");
  mc_slip_data_set (data, "office_name", "Trung tâm Phục vụ hành chính công xã Ngưỡng Sơn");
  mc_slip_data_set (data, "office_place", "Ngưỡng Sơn");
  mc_slip_data_set (data, "office_phone", "0237 3900 900");
  mc_slip_data_set (data, "issued_at", "2025-07-14T08:35:00+07:00");
  mc_slip_data_set (data, "slip_number", "15");
  mc_slip_data_set (data, "dossier_code", SLIP_FIXTURE_CODE);
  mc_slip_data_set (data, "procedure_code", "1.001193");
  mc_slip_data_set (data, "procedure_name",
                    "Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi (liên thông)");
  mc_slip_data_set (data, "applicant_name", SLIP_FIXTURE_NAME);
  mc_slip_data_set (data, "applicant_id", "038185012345");
  mc_slip_data_set (data, "applicant_address", "Thôn Ngọc Trạo, xã Ngưỡng Sơn, tỉnh Thanh Hóa");
  mc_slip_data_set (data, "applicant_phone", "0912 345 678");
  mc_slip_data_set (data, "applicant_email", "hoa.dang@example.vn");
  mc_slip_data_set (data, "channel", "1");
  mc_slip_data_set (data, "received_at", "2025-07-14T08:30:00+07:00");
  mc_slip_data_set (data, "appointment_at", "2025-07-17T16:00:00+07:00");
  mc_slip_data_set (data, "new_appointment_at", "2025-07-22T10:00:00+07:00");
  mc_slip_data_set (data, "processing_days", "3");
  mc_slip_data_set (data, "dossier_sets", "01");
  mc_slip_data_set (data, "return_place", "Trung tâm Phục vụ hành chính công xã Ngưỡng Sơn");
  mc_slip_data_set (data, "ledger_book", "02");
  mc_slip_data_set (data, "ledger_number", "0042");
  mc_slip_data_set (data, "receiver_name", "Nguyễn Văn Dũng");
  mc_slip_data_set (data, "receiver_title", "Công chức tư pháp - hộ tịch");
  mc_slip_data_set (data, "signer_name", "Lê Quốc Việt");
  mc_slip_data_set (data, "signer_title", "Giám đốc");
  mc_slip_data_set (data, "handling_office", "Ủy ban nhân dân xã Ngưỡng Sơn");
  mc_slip_data_set (data, "reason",
                    "Tờ khai đăng ký khai sinh chưa ghi đủ thông tin về người cha; giấy chứng sinh là bản sao không có chứng thực.");
  mc_slip_data_set (data, "period_from", "2025-07-01");
  mc_slip_data_set (data, "period_to", "2025-07-31");

  mc_slip_data_append_row (data, "components", "name", "Tờ khai đăng ký khai sinh (theo mẫu)",
                           "copies", "1", "kind", "original", NULL);
  mc_slip_data_append_row (data, "components", "name", "Giấy chứng sinh do cơ sở y tế cấp",
                           "copies", "1", "kind", "original", NULL);
  mc_slip_data_append_row (data, "components", "name", "Giấy tờ tùy thân của người đi đăng ký (Căn cước)",
                           "copies", "1", "kind", "copy", NULL);

  mc_slip_data_append_row (data, "supplement_items", "name", "Tờ khai đăng ký khai sinh ghi đủ thông tin về người cha",
                           "note", "Bản chính", NULL);
  mc_slip_data_append_row (data, "supplement_items", "name", "Giấy chứng sinh", "note", "Bản chính hoặc bản sao có chứng thực", NULL);

  mc_slip_data_append_row (data, "timeline", "from", "Trung tâm Phục vụ hành chính công", "to", "Công chức tư pháp - hộ tịch",
                           "time", "2025-07-14T09:00:00+07:00", "result", "Đúng hạn",
                           "from_person", "Nguyễn Văn Dũng", "to_person", "Ngô Thị Tuyết Nhung", NULL);
  mc_slip_data_append_row (data, "timeline", "from", "Công chức tư pháp - hộ tịch", "to", "Chủ tịch UBND xã",
                           "time", "2025-07-15T14:20:00+07:00", "result", "Trước hạn", "note", "Trình ký", NULL);

  for (guint i = 0; i < ledger_rows; i++)
    {
      g_autofree char *code = g_strdup_printf ("H40.12.03.X05-2507%02u-%04u", 1 + i % 28, i + 1);
      g_autofree char *name = g_strdup_printf ("%s %s", surnames[i % G_N_ELEMENTS (surnames)],
                                               given[i % G_N_ELEMENTS (given)]);
      g_autofree char *received = g_strdup_printf ("2025-07-%02uT08:%02u:00+07:00", 1 + i % 28, i % 60);
      g_autofree char *appointment = g_strdup_printf ("2025-08-%02uT16:00:00+07:00", 1 + i % 28);

      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      mc_slip_data_append_row (data, "ledger",
                               "number", number,
                               "code", code,
                               "applicant", name,
                               "address", "Xã Ngưỡng Sơn, 0912 345 678",
                               "procedure", procedures[i % G_N_ELEMENTS (procedures)],
                               "copies", "01",
                               "handler", "UBND xã Ngưỡng Sơn",
                               "received", received,
                               "appointment", appointment,
                               "returned", i % 3 == 1 ? appointment : NULL,
                               "state", states[i % G_N_ELEMENTS (states)],
                               "note", i % 7 == 0 ? "Trả qua bưu chính" : NULL,
                               NULL);
    }

  return data;
}
