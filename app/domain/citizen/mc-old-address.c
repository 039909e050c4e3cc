/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mapping an old address to the communes in force. Cards write addresses
 * as comma-separated parts from the smallest unit to the province; the
 * commune is the right-most part that says Xã/Phường/Thị trấn, the parts
 * after it are the district, the parts before it the street or hamlet,
 * which is kept. Names are compared by mc_admin_unit_key(), so case, tones,
 * đ, both tone placements, "P.05" for "Phường 5" and "TP." all match. The
 * old list has no districts, so two communes of one province with the same
 * name cannot be told apart here: both are offered, with that reason. The
 * units are read once into a McAddressMapper, so mapping itself touches no
 * database. */
#define G_LOG_DOMAIN "motcua-citizen"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-old-address.h"
#include "mc-old-address-private.h"

/* Names of provinces on older documents that fold to another key than the
 * names in the data (keys as mc_admin_unit_key() makes them). */
static const struct
{
  const char *key;
  const char *old_code;
} province_aliases[] = {
  { "thua thien hue", "46" },
  { "hcm", "79" },
  { "tphcm", "79" },
  { "sai gon", "79" },
  { "brvt", "77" },
  { "br vt", "77" },
  { "dac lac", "66" },
  { "kontum", "62" },
  { "bac can", "06" },
};

static void
candidate_free (McAddressCandidate *candidate)
{
  mc_admin_unit_free (candidate->commune);
  mc_admin_old_commune_free (candidate->old_commune);
  g_free (candidate->address);
  g_free (candidate);
}

/**
 * mc_address_mapping_free:
 * @mapping: (nullable): a mapping
 */
void
mc_address_mapping_free (McAddressMapping *mapping)
{
  if (mapping == NULL)
    return;

  g_free (mapping->reason);
  g_free (mapping->street);
  g_free (mapping->commune_part);
  g_free (mapping->district_part);
  g_free (mapping->province_part);
  g_ptr_array_unref (mapping->candidates);
  g_free (mapping);
}

/**
 * mc_address_match_to_string:
 * @match: a match status
 *
 * Returns: a stable identifier for JSON and logs ("found", "current",
 *   "ambiguous", "no-commune", "no-province", "unparsed")
 */
const char *
mc_address_match_to_string (McAddressMatch match)
{
  switch (match)
    {
    case MC_ADDRESS_MATCH_FOUND: return "found";
    case MC_ADDRESS_MATCH_CURRENT: return "current";
    case MC_ADDRESS_MATCH_AMBIGUOUS: return "ambiguous";
    case MC_ADDRESS_MATCH_NO_COMMUNE: return "no-commune";
    case MC_ADDRESS_MATCH_NO_PROVINCE: return "no-province";
    case MC_ADDRESS_MATCH_UNPARSED: return "unparsed";
    default: return "unknown";
    }
}

static gboolean
is_commune_kind (const char *kind)
{
  return g_str_equal (kind, "xa") || g_str_equal (kind, "phuong") ||
         g_str_equal (kind, "thi tran") || g_str_equal (kind, "dac khu");
}

static gboolean
is_district_kind (const char *kind)
{
  return g_str_equal (kind, "huyen") || g_str_equal (kind, "quan") ||
         g_str_equal (kind, "thi xa") || g_str_equal (kind, "thanh pho");
}

typedef struct
{
  char *text;
  char *key;
  char *kind;
} Part;

static void
part_clear (Part *part)
{
  g_free (part->text);
  g_free (part->key);
  g_free (part->kind);
}

static char *
join_parts (GArray *parts,
            guint   from,
            guint   to)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    {
      if (joined->len > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, g_array_index (parts, Part, i).text);
    }

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* The units, read once, with their name keys: mapping then needs no
 * database and is quick enough for the main loop. */
typedef struct
{
  char *code;
  char *name;
  char *key;
  char *kind;
} Province;

typedef struct
{
  McAdminOldCommune *old;
  char *key;
  char *kind;
} OldEntry;

typedef struct
{
  McAdminUnit *unit;
  char *key;
  char *kind;
} NewEntry;

struct _McAddressMapper
{
  GPtrArray *old_provinces;     /* Province */
  GPtrArray *new_provinces;     /* Province */
  GHashTable *old_by_province;  /* old province code → GPtrArray of OldEntry */
  GHashTable *new_by_province;  /* new province code → GPtrArray of NewEntry */
  GHashTable *new_by_code;      /* commune code → NewEntry (owned by new_by_province) */
};

static void
province_free (Province *province)
{
  g_free (province->code);
  g_free (province->name);
  g_free (province->key);
  g_free (province->kind);
  g_free (province);
}

static void
old_entry_free (OldEntry *entry)
{
  mc_admin_old_commune_free (entry->old);
  g_free (entry->key);
  g_free (entry->kind);
  g_free (entry);
}

static void
new_entry_free (NewEntry *entry)
{
  mc_admin_unit_free (entry->unit);
  g_free (entry->key);
  g_free (entry->kind);
  g_free (entry);
}

/**
 * mc_address_mapper_free:
 * @mapper: (nullable): a mapper
 */
void
mc_address_mapper_free (McAddressMapper *mapper)
{
  if (mapper == NULL)
    return;

  g_ptr_array_unref (mapper->old_provinces);
  g_ptr_array_unref (mapper->new_provinces);
  g_hash_table_unref (mapper->new_by_code);
  g_hash_table_unref (mapper->old_by_province);
  g_hash_table_unref (mapper->new_by_province);
  g_free (mapper);
}

static GPtrArray *
group_of (GHashTable     *groups,
          const char     *code,
          GDestroyNotify  free_func)
{
  GPtrArray *group = g_hash_table_lookup (groups, code);

  if (group == NULL)
    {
      group = g_ptr_array_new_with_free_func (free_func);
      g_hash_table_insert (groups, g_strdup (code), group);
    }

  return group;
}

static void
add_province (GPtrArray  *provinces,
              const char *code,
              const char *name)
{
  Province *province;

  for (guint i = 0; i < provinces->len; i++)
    if (g_str_equal (((Province *) provinces->pdata[i])->code, code))
      return;

  province = g_new0 (Province, 1);
  province->code = g_strdup (code);
  province->name = g_strdup (name);
  province->key = mc_admin_unit_key (name, &province->kind);
  g_ptr_array_add (provinces, province);
}

/**
 * mc_address_mapper_new:
 *
 * An empty mapper, filled by the store with mc_address_mapper_add_province(),
 * mc_address_mapper_add_commune() and mc_address_mapper_add_old_commune()
 * (mc-old-address-private.h). Once filled it may be used from any thread.
 *
 * Returns: (transfer full): the mapper
 */
McAddressMapper *
mc_address_mapper_new (void)
{
  McAddressMapper *mapper = g_new0 (McAddressMapper, 1);

  mapper->old_provinces = g_ptr_array_new_with_free_func ((GDestroyNotify) province_free);
  mapper->new_provinces = g_ptr_array_new_with_free_func ((GDestroyNotify) province_free);
  mapper->old_by_province = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_ptr_array_unref);
  mapper->new_by_province = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_ptr_array_unref);
  mapper->new_by_code = g_hash_table_new (g_str_hash, g_str_equal);

  return mapper;
}

/* A province in force since 1 July 2025. */
void
mc_address_mapper_add_province (McAddressMapper *mapper,
                                const char      *code,
                                const char      *name)
{
  g_return_if_fail (mapper != NULL);
  g_return_if_fail (code != NULL && name != NULL);

  add_province (mapper->new_provinces, code, name);
}

/* A commune in force since 1 July 2025; @unit is taken. */
void
mc_address_mapper_add_commune (McAddressMapper *mapper,
                               McAdminUnit     *unit)
{
  NewEntry *entry;

  g_return_if_fail (mapper != NULL);
  g_return_if_fail (unit != NULL && unit->code != NULL && unit->province_code != NULL);

  entry = g_new0 (NewEntry, 1);
  entry->unit = unit;
  entry->key = mc_admin_unit_key (entry->unit->name, &entry->kind);
  g_ptr_array_add (group_of (mapper->new_by_province, entry->unit->province_code,
                             (GDestroyNotify) new_entry_free), entry);
  g_hash_table_insert (mapper->new_by_code, entry->unit->code, entry);
}

/* A commune as it was before 1 July 2025; @old is taken. */
void
mc_address_mapper_add_old_commune (McAddressMapper   *mapper,
                                   McAdminOldCommune *old)
{
  OldEntry *entry;

  g_return_if_fail (mapper != NULL);
  g_return_if_fail (old != NULL && old->code != NULL && old->province_code != NULL);

  entry = g_new0 (OldEntry, 1);
  entry->old = old;
  entry->key = mc_admin_unit_key (entry->old->name, &entry->kind);
  add_province (mapper->old_provinces, entry->old->province_code, entry->old->province_name);
  g_ptr_array_add (group_of (mapper->old_by_province, entry->old->province_code,
                             (GDestroyNotify) old_entry_free), entry);
}

/* The old (63) and new (34) province codes the part names; NULL when none. */
static void
match_province (const McAddressMapper  *mapper,
                const Part             *part,
                const char            **old_code,
                const char            **new_code)
{
  if (*part->kind != '\0' && !g_str_equal (part->kind, "tinh") && !g_str_equal (part->kind, "thanh pho"))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (province_aliases); i++)
    if (g_str_equal (part->key, province_aliases[i].key))
      *old_code = province_aliases[i].old_code;

  for (guint i = 0; i < mapper->old_provinces->len && *old_code == NULL; i++)
    {
      Province *province = g_ptr_array_index (mapper->old_provinces, i);

      if (g_str_equal (province->key, part->key))
        *old_code = province->code;
    }

  for (guint i = 0; i < mapper->new_provinces->len && *new_code == NULL; i++)
    {
      Province *province = g_ptr_array_index (mapper->new_provinces, i);

      if (g_str_equal (province->key, part->key))
        *new_code = province->code;
    }
}

/* Old communes of the province whose name key is @key; those of the same
 * kind when @kind names one and any exist, else all of that name. */
static GPtrArray *
find_old_communes (const McAddressMapper *mapper,
                   const char            *old_province,
                   const char            *key,
                   const char            *kind,
                   gboolean               district_level,
                   gboolean              *kind_differs)
{
  GPtrArray *all = g_hash_table_lookup (mapper->old_by_province, old_province);
  g_autoptr(GPtrArray) same_kind = g_ptr_array_new ();
  g_autoptr(GPtrArray) same_name = g_ptr_array_new ();

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      OldEntry *entry = g_ptr_array_index (all, i);

      if (!g_str_equal (entry->key, key))
        continue;
      /* Island districts without communes are in the list as "Huyện …";
       * only a district part may name them. */
      if (is_district_kind (entry->kind) != district_level)
        continue;

      g_ptr_array_add (g_str_equal (entry->kind, kind) ? same_kind : same_name, entry->old);
    }

  *kind_differs = FALSE;
  if (same_kind->len > 0)
    return g_steal_pointer (&same_kind);

  *kind_differs = *kind != '\0' && same_name->len > 0;
  return g_steal_pointer (&same_name);
}

static McAdminUnit *
unit_copy (const McAdminUnit *unit)
{
  McAdminUnit *copy = g_new0 (McAdminUnit, 1);

  copy->code = g_strdup (unit->code);
  copy->name = g_strdup (unit->name);
  copy->province_code = g_strdup (unit->province_code);
  copy->province_name = g_strdup (unit->province_name);

  return copy;
}

static McAdminOldCommune *
old_commune_copy (const McAdminOldCommune *old)
{
  McAdminOldCommune *copy = g_new0 (McAdminOldCommune, 1);

  copy->code = g_strdup (old->code);
  copy->name = g_strdup (old->name);
  copy->province_code = g_strdup (old->province_code);
  copy->province_name = g_strdup (old->province_name);
  copy->new_province_code = g_strdup (old->new_province_code);
  copy->new_commune_codes = g_strdupv (old->new_commune_codes);

  return copy;
}

static void
add_candidate (McAddressMapping         *mapping,
               const McAddressMapper    *mapper,
               const char               *commune_code,
               const McAdminOldCommune  *old)
{
  McAddressCandidate *candidate;
  NewEntry *entry = g_hash_table_lookup (mapper->new_by_code, commune_code);

  /* mc_admin_units_load() checked every code; a store edited by hand might
   * not hold one. */
  if (entry == NULL)
    {
      g_warning ("Old commune %s goes into unknown commune %s", old != NULL ? old->code : "-", commune_code);
      return;
    }

  for (guint i = 0; i < mapping->candidates->len; i++)
    {
      McAddressCandidate *seen = g_ptr_array_index (mapping->candidates, i);

      if (g_str_equal (seen->commune->code, commune_code))
        return;
    }

  candidate = g_new0 (McAddressCandidate, 1);
  candidate->commune = unit_copy (entry->unit);
  candidate->old_commune = old != NULL ? old_commune_copy (old) : NULL;
  if (*mapping->street != '\0')
    candidate->address = g_strdup_printf ("%s, %s, %s", mapping->street, entry->unit->name,
                                          entry->unit->province_name);
  else
    candidate->address = g_strdup_printf ("%s, %s", entry->unit->name, entry->unit->province_name);
  g_ptr_array_add (mapping->candidates, candidate);
}

static void
add_old_candidates (McAddressMapping      *mapping,
                    const McAddressMapper *mapper,
                    GPtrArray             *olds)
{
  for (guint i = 0; i < olds->len; i++)
    {
      McAdminOldCommune *old = g_ptr_array_index (olds, i);

      for (guint j = 0; old->new_commune_codes[j] != NULL; j++)
        add_candidate (mapping, mapper, old->new_commune_codes[j], old);
    }
}

/* Looks the part up in the communes in force of the province. */
static void
find_current (McAddressMapping      *mapping,
              const McAddressMapper *mapper,
              const char            *new_province,
              const Part            *part)
{
  GPtrArray *communes = g_hash_table_lookup (mapper->new_by_province, new_province);

  for (guint i = 0; communes != NULL && i < communes->len; i++)
    {
      NewEntry *entry = g_ptr_array_index (communes, i);

      if (g_str_equal (entry->key, part->key) && g_str_equal (entry->kind, part->kind))
        add_candidate (mapping, mapper, entry->unit->code, NULL);
    }
}

static void
set_reason_found (McAddressMapping        *mapping,
                  const McAdminOldCommune *old,
                  gboolean                 kind_differs)
{
  g_autoptr(GString) reason = g_string_new (NULL);
  guint n = mapping->candidates->len;

  if (kind_differs)
    {
      g_string_append_printf (reason, _("The address says “%s”, but the unit before 1 July 2025 was “%s”. "),
                              mapping->commune_part, old->name);
    }

  if (n == 1)
    {
      McAddressCandidate *only = g_ptr_array_index (mapping->candidates, 0);

      g_string_append_printf (reason, _("%s (%s, code %s) became %s, %s on 1 July 2025. "
                                        "Confirm the new address with the citizen."),
                              old->name, old->province_name, old->code,
                              only->commune->name, only->commune->province_name);
    }
  else
    g_string_append_printf (reason,
                            ngettext ("%s (%s, code %s) was split into %u commune on 1 July 2025. "
                                      "Ask the citizen which one they live in.",
                                      "%s (%s, code %s) was split into %u communes on 1 July 2025. "
                                      "Ask the citizen which one they live in.", n),
                            old->name, old->province_name, old->code, n);

  for (guint i = 0; i < n; i++)
    {
      McAddressCandidate *candidate = g_ptr_array_index (mapping->candidates, i);

      if (!g_str_equal (candidate->commune->province_code, old->new_province_code))
        {
          g_string_append_printf (reason,
                                  _(" Note: the data lists %s in %s, not in the province it gives for this "
                                    "commune; check it against the official list."),
                                  candidate->commune->name, candidate->commune->province_name);
          break;
        }
    }

  mapping->match = MC_ADDRESS_MATCH_FOUND;
  mapping->reason = g_string_free (g_steal_pointer (&reason), FALSE);
}

/**
 * mc_address_mapper_map:
 * @mapper: the units, from mc_address_mapper_new()
 * @address: an address as on a card, e.g. "Thôn 3, Xã Tân Lập, Huyện Đan
 *   Phượng, Thành phố Hà Nội"
 *
 * Finds the commune(s) in force for an address written before 1 July 2025,
 * keeping the part before the commune. The result always says how far it
 * got (#McAddressMatch) and why; when the commune was split or its name is
 * not unique in the province, every candidate is listed for the official
 * to pick. An address that already names a commune in force (and no
 * district) is reported as %MC_ADDRESS_MATCH_CURRENT.
 *
 * Returns: (transfer full): the mapping
 */
McAddressMapping *
mc_address_mapper_map (McAddressMapper *mapper,
                       const char      *address)
{
  g_autoptr(McAddressMapping) mapping = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  g_auto(GStrv) pieces = NULL;
  g_autoptr(GArray) parts = NULL;
  const char *old_code = NULL;
  const char *new_code = NULL;
  const Part *province;
  int commune_at = -1;
  int last_unprefixed[2] = { -1, -1 };
  guint m;

  g_return_val_if_fail (mapper != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  mapping = g_new0 (McAddressMapping, 1);
  mapping->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  mapping->street = g_strdup ("");
  mapping->commune_part = g_strdup ("");
  mapping->district_part = g_strdup ("");

  valid = g_utf8_make_valid (address, -1);
  nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  pieces = g_regex_split_simple ("[,;\\n]", nfc, 0, 0);

  parts = g_array_new (FALSE, TRUE, sizeof (Part));
  g_array_set_clear_func (parts, (GDestroyNotify) part_clear);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      Part part = { 0 };

      g_strstrip (pieces[i]);
      if (*pieces[i] == '\0')
        continue;
      part.text = g_strdup (pieces[i]);
      part.key = mc_admin_unit_key (part.text, &part.kind);
      g_array_append_val (parts, part);
    }

  /* "…, Việt Nam" at the end is no unit. */
  if (parts->len > 0)
    {
      const char *last = g_array_index (parts, Part, parts->len - 1).key;

      if (g_str_equal (last, "viet nam") || g_str_equal (last, "vietnam") || g_str_equal (last, "vn"))
        g_array_set_size (parts, parts->len - 1);
    }

  if (parts->len < 2)
    {
      mapping->match = MC_ADDRESS_MATCH_UNPARSED;
      mapping->province_part = g_strdup (parts->len > 0 ? g_array_index (parts, Part, 0).text : "");
      mapping->reason = g_strdup (_("The address is not written as comma-separated parts "
                                    "(…, commune, district, province). Pick the new commune by hand."));
      return g_steal_pointer (&mapping);
    }

  m = parts->len - 1;
  province = &g_array_index (parts, Part, m);
  mapping->province_part = g_strdup (province->text);

  match_province (mapper, province, &old_code, &new_code);
  if (old_code == NULL && new_code == NULL)
    {
      mapping->match = MC_ADDRESS_MATCH_NO_PROVINCE;
      mapping->reason = g_strdup_printf (_("“%s” is not a province or centrally-run city, before or since "
                                           "1 July 2025. Pick the new commune by hand."), province->text);
      return g_steal_pointer (&mapping);
    }

  /* The commune: the right-most part with a commune type; without one, the
   * last two parts that name no district are tried. */
  for (int i = (int) m - 1; i >= 0 && commune_at < 0; i--)
    if (is_commune_kind (g_array_index (parts, Part, i).kind))
      commune_at = i;
  if (commune_at < 0)
    {
      guint n_tries = 0;

      for (int i = (int) m - 1; i >= 0 && n_tries < 2; i--)
        {
          const Part *part = &g_array_index (parts, Part, i);

          if (*part->kind == '\0')
            last_unprefixed[n_tries] = i;
          n_tries++;
        }
    }

  if (commune_at >= 0)
    {
      const Part *commune = &g_array_index (parts, Part, commune_at);
      g_autoptr(GPtrArray) olds = NULL;
      gboolean kind_differs = FALSE;

      g_free (mapping->street);
      mapping->street = join_parts (parts, 0, (guint) commune_at);
      g_free (mapping->commune_part);
      mapping->commune_part = g_strdup (commune->text);
      g_free (mapping->district_part);
      mapping->district_part = join_parts (parts, (guint) commune_at + 1, m);

      if (*mapping->district_part == '\0' && new_code != NULL)
        {
          find_current (mapping, mapper, new_code, commune);
          if (mapping->candidates->len > 0)
            {
              mapping->match = MC_ADDRESS_MATCH_CURRENT;
              mapping->reason = g_strdup (_("The address already names a commune in force since 1 July 2025."));
              return g_steal_pointer (&mapping);
            }
        }

      if (old_code != NULL)
        {
          olds = find_old_communes (mapper, old_code, commune->key, commune->kind, FALSE, &kind_differs);
        }

      if (olds == NULL || olds->len == 0)
        {
          mapping->match = MC_ADDRESS_MATCH_NO_COMMUNE;
          mapping->reason = g_strdup_printf (_("No commune called “%s” was found in %s before 1 July 2025; it "
                                               "may have been merged or renamed earlier. "
                                               "Pick the new commune by hand."),
                                             commune->text, province->text);
          return g_steal_pointer (&mapping);
        }

      add_old_candidates (mapping, mapper, olds);

      if (olds->len == 1)
        set_reason_found (mapping, g_ptr_array_index (olds, 0), kind_differs);
      else
        {
          mapping->match = MC_ADDRESS_MATCH_AMBIGUOUS;
          mapping->reason = g_strdup_printf (ngettext ("%u commune of %s before 1 July 2025 was called “%s”. "
                                                       "Pick the right one with the citizen.",
                                                       "%u communes of %s before 1 July 2025 were called “%s” "
                                                       "(in different districts, which this list does not "
                                                       "record). Pick the right one with the citizen.",
                                                       olds->len),
                                             olds->len, province->text, commune->text);
        }

      return g_steal_pointer (&mapping);
    }

  /* No part says Xã/Phường/Thị trấn. An island district without communes
   * (Côn Đảo, Lý Sơn, Bạch Long Vĩ…) is written as the district alone. */
  if (old_code != NULL)
    {
      for (int i = (int) m - 1; i >= 0; i--)
        {
          const Part *part = &g_array_index (parts, Part, i);
          g_autoptr(GPtrArray) olds = NULL;
          gboolean kind_differs;

          if (!g_str_equal (part->kind, "huyen"))
            continue;
          olds = find_old_communes (mapper, old_code, part->key, part->kind, TRUE, &kind_differs);
          if (olds->len != 1)
            continue;

          g_free (mapping->street);
          mapping->street = join_parts (parts, 0, (guint) i);
          g_free (mapping->district_part);
          mapping->district_part = g_strdup (part->text);
          add_old_candidates (mapping, mapper, olds);
          set_reason_found (mapping, g_ptr_array_index (olds, 0), FALSE);
          return g_steal_pointer (&mapping);
        }
    }

  /* Parts without any type: try the last two that name no district, and
   * offer whatever they match, never as a sure answer. The usual order is
   * "…, commune, district, province", so the part before the last goes
   * first. */
  if (old_code != NULL)
    {
      int first_at = -1;
      guint n_found = 0;

      for (int t = 1; t >= 0; t--)
        {
          g_autoptr(GPtrArray) olds = NULL;
          gboolean kind_differs;
          int at = last_unprefixed[t];

          if (at < 0)
            continue;
          olds = find_old_communes (mapper, old_code, g_array_index (parts, Part, at).key, "",
                                    FALSE, &kind_differs);
          if (olds->len == 0)
            continue;

          /* Each reading has its own street part; candidates keep theirs. */
          g_free (mapping->street);
          mapping->street = join_parts (parts, 0, (guint) at);
          add_old_candidates (mapping, mapper, olds);
          n_found += olds->len;
          if (first_at < 0)
            first_at = at;
        }

      if (first_at >= 0)
        {
          g_free (mapping->street);
          mapping->street = join_parts (parts, 0, (guint) first_at);
          g_free (mapping->commune_part);
          mapping->commune_part = g_strdup (g_array_index (parts, Part, first_at).text);
          g_free (mapping->district_part);
          mapping->district_part = join_parts (parts, (guint) first_at + 1, m);

          mapping->match = MC_ADDRESS_MATCH_AMBIGUOUS;
          mapping->reason = g_strdup_printf (ngettext ("The address does not say which part is the commune (no "
                                                       "Xã, Phường or Thị trấn); %u commune of %s before 1 July "
                                                       "2025 matches. Check the match with the citizen.",
                                                       "The address does not say which part is the commune (no "
                                                       "Xã, Phường or Thị trấn); %u communes of %s before 1 July "
                                                       "2025 match. Pick the right one with the citizen.",
                                                       n_found),
                                             n_found, province->text);
          return g_steal_pointer (&mapping);
        }
    }

  mapping->match = MC_ADDRESS_MATCH_NO_COMMUNE;
  mapping->reason = g_strdup_printf (_("The address names no commune (Xã, Phường or Thị trấn) that could be "
                                       "found in %s. Pick the new commune by hand."), province->text);
  return g_steal_pointer (&mapping);
}
