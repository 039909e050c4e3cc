/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The astronomical pieces under the lunar calendar, exposed to the tests so
 * they can be checked against the worked examples of the book they come
 * from (J. Meeus, Astronomical Algorithms, 2nd ed., 1998). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

double mc_lunar_new_moon_jde       (int    k);
double mc_lunar_sun_longitude      (double jde);
double mc_lunar_delta_t            (double jd);

G_END_DECLS
