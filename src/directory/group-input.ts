/** Validation of directory group input (API and CSV import share it). */
import { z } from 'zod';
import { safeChars } from './text-rules';

const optional = (kind: 'identifier' | 'text') =>
  z
    .string()
    .trim()
    .max(1024)
    .superRefine(safeChars(kind))
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const GROUP_ATTRIBUTES = ['displayName', 'mailNickname', 'description'] as const;

const fields = {
  // Unique (case-insensitive) in the directory: targets match groups by displayName (entra.md §5.4).
  // An identifier too, so it refuses bidi formatting characters as well as controls.
  displayName: z.string().trim().min(1).max(256).superRefine(safeChars('identifier')),
  mailNickname: optional('identifier'),
  description: optional('text'),
};

export const createGroupSchema = z.object(fields).strict();
export const updateGroupSchema = z.object(fields).partial().strict();

/** Up to 1,000 members per request; ids of users or groups. */
export const addMembersSchema = z
  .object({ memberIds: z.array(z.string().trim().min(1).max(64)).min(1).max(1000) })
  .strict();

export type CreateGroupInput = z.infer<typeof createGroupSchema>;
export type UpdateGroupInput = z.infer<typeof updateGroupSchema>;
