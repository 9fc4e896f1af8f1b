/**
 * Field groups that mean the same thing in every contract object that carries them; spread into the object at
 * their place (`z.object({ …, ...orgUnitFields(), … })`), so the object's fields and their order stay as written.
 */
import { z } from 'zod';

/** The org unit a record belongs to or is handled by: its code and its name as shown. */
export const orgUnitFields = () => ({ orgUnitCode: z.string(), orgUnitName: z.string() });

/** The customer a record is about: 户号 and 户名. */
export const customerFields = () => ({ consNo: z.string(), name: z.string() });
