/** `?$select=Prop1,Prop2` on the InvokeCommand URL: trims each output object to those properties. */
// @ts-nocheck

export function selectProperties(objects: Record<string, unknown>[], select: string | undefined): Record<string, unknown>[] {
  const wanted = (select ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (wanted.length === 0) return objects;
  return objects.map((object) => Object.fromEntries(Object.entries(object).filter(([key]) => wanted.includes(key.toLowerCase()))));
}
