/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Vietnamese folding: the keys search and address matching rely on. */
#include "config.h"

#include <glib.h>

#include "domain/mc-text-fold.h"
#include "domain/citizen/mc-admin-units.h"

static void
assert_fold (const char *input,
             const char *expected)
{
  g_autofree char *folded = mc_text_fold (input);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_case_and_tones (void)
{
  assert_fold ("Nguyễn Văn Ánh", "nguyen van anh");
  assert_fold ("PHƯỜNG QUẢNG TRỊ", "phuong quang tri");
  assert_fold ("Ơ Ư Ă Â Ê Ô", "o u a a e o");
  assert_fold ("Hồ Chí Minh", "ho chi minh");
}

static void
test_d_stroke (void)
{
  /* Đ/đ (U+0110/U+0111) have no decomposition; Ð (eth) and Ɖ are typed
   * for it by mistake. */
  assert_fold ("Đà Nẵng", "da nang");
  assert_fold ("đường Điện Biên", "duong dien bien");
  assert_fold ("\xC3\x90\xC3\xA0 N\xE1\xBA\xB5ng", "da nang"); /* Ðà Nẵng with ETH */
  assert_fold ("\xC6\x89" "ak", "dak");                          /* Ɖak */
  g_assert_true (mc_text_fold_equal ("Đắk Lắk", "Đăk Lăk"));
  g_assert_true (mc_text_fold_equal ("Đắk Lắk", "dak lak"));
}

static void
test_tone_placement (void)
{
  /* "hòa" (tone on o) and "hoà" (tone on a), both NFC. */
  g_assert_true (mc_text_fold_equal ("h\xC3\xB2" "a", "ho\xC3\xA0"));
  g_assert_true (mc_text_fold_equal ("Thanh Hóa", "Thanh Hoá"));
  g_assert_true (mc_text_fold_equal ("Khánh Hòa", "Khánh Hoà"));
  g_assert_false (mc_text_fold_equal ("Hòa", "Hoàng"));
}

static void
test_nfd (void)
{
  /* "Nguyễn" decomposed: e + circumflex (U+0302) + tilde (U+0303). */
  const char *nfd = "Nguye\xCC\x82\xCC\x83n";

  assert_fold (nfd, "nguyen");
  g_assert_true (mc_text_fold_equal (nfd, "Nguyễn"));
}

static void
test_spaces_and_invisibles (void)
{
  assert_fold ("  Thành   phố\tHuế \n", "thanh pho hue");
  assert_fold ("Hà\xC2\xA0Nội", "ha noi");              /* no-break space */
  assert_fold ("\xEF\xBB\xBFHà\xE2\x80\x8BNội", "hanoi"); /* BOM, zero-width space */
  assert_fold ("", "");
  assert_fold ("   ", "");
}

static void
test_keeps_digits_and_punctuation (void)
{
  assert_fold ("P.05, Q.3", "p.05, q.3");
  assert_fold ("Số 12/3A", "so 12/3a");
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *folded = mc_text_fold ("Ha\xFF N\xE1i");

  g_assert_true (g_utf8_validate (folded, -1, NULL));
  g_assert_true (g_str_has_prefix (folded, "ha"));
}

static void
assert_key (const char *name,
            const char *kind,
            const char *key)
{
  g_autofree char *got_kind = NULL;
  g_autofree char *got_key = mc_admin_unit_key (name, &got_kind);

  g_assert_cmpstr (got_key, ==, key);
  g_assert_cmpstr (got_kind, ==, kind);
}

static void
test_unit_key (void)
{
  assert_key ("Thị Trấn Ái Tử", "thi tran", "ai tu");
  assert_key ("Thị trấn Ái Tử", "thi tran", "ai tu");
  assert_key ("Phường 05", "phuong", "5");
  assert_key ("P.5", "phuong", "5");
  assert_key ("P. 5", "phuong", "5");
  assert_key ("TP. Hồ Chí Minh", "thanh pho", "ho chi minh");
  assert_key ("TP.HCM", "thanh pho", "hcm");
  assert_key ("Thành phố Huế", "thanh pho", "hue");
  assert_key ("Tỉnh Bà Rịa - Vũng Tàu", "tinh", "ba ria vung tau");
  assert_key ("Xã Ia H'Drai", "xa", "ia hdrai");
  assert_key ("Xã Ia H’Drai", "xa", "ia hdrai");
  assert_key ("Đặc khu Phú Quốc", "dac khu", "phu quoc");
  assert_key ("Tân Lập", "", "tan lap");
  assert_key ("Xã", "", "xa");
  assert_key ("Thôn 03", "", "thon 3");
  assert_key ("Xã 10", "xa", "10");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-fold/case-and-tones", test_case_and_tones);
  g_test_add_func ("/text-fold/d-stroke", test_d_stroke);
  g_test_add_func ("/text-fold/tone-placement", test_tone_placement);
  g_test_add_func ("/text-fold/nfd", test_nfd);
  g_test_add_func ("/text-fold/spaces-and-invisibles", test_spaces_and_invisibles);
  g_test_add_func ("/text-fold/keeps-digits-and-punctuation", test_keeps_digits_and_punctuation);
  g_test_add_func ("/text-fold/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text-fold/unit-key", test_unit_key);

  return g_test_run ();
}
