// @ts-nocheck
import type { TeamsSdk } from './connect.ts';

/** What the configuration page saves for a channel tab. */
export interface TabInstanceConfig {
  entityId: string;
  contentUrl: string;
  websiteUrl: string;
  suggestedDisplayName: string;
}

/** Tell Teams whether Save may be pressed. */
export function setConfigValid(sdk: TeamsSdk, valid: boolean): void {
  sdk.pages.config.setValidityState(valid);
}

/** On Teams' Save, store the tab's start view (read at that moment) and report the outcome back. */
export function saveConfigOnRequest(sdk: TeamsSdk, current: () => TabInstanceConfig): void {
  sdk.pages.config.registerOnSaveHandler((saveEvent) => {
    sdk.pages.config
      .setConfig(current())
      .then(() => saveEvent.notifySuccess())
      .catch((error: unknown) => saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)));
  });
}
