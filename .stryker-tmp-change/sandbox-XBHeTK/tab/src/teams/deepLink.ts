/** What a Teams deep link to one account of this tab needs. */
// @ts-nocheck

export interface AccountLinkTarget {
  appId: string;
  entityId: string;
  accountId: string;
  label: string;
  /** Where browsers without Teams go instead. */
  webUrl: string;
  /** Set for channel tabs: Teams needs it to find the tab instance. */
  channelId?: string;
}

/**
 * A deep link to an account, in Teams' entity form: opening it opens this tab with `subEntityId` set, which
 * the tab reads back as `context.page.subPageId` and uses to land on the account.
 */
export function accountDeepLink(target: AccountLinkTarget): string {
  const context = JSON.stringify({ subEntityId: target.accountId, ...(target.channelId ? { channelId: target.channelId } : {}) });
  const query = new URLSearchParams({ webUrl: target.webUrl, label: target.label, context });
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(target.appId)}/${encodeURIComponent(target.entityId)}?${query.toString().replace(/\+/g, '%20')}`;
}
