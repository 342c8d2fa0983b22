/**
 * Slot for the optional two-factor step of first-run setup (spec chapter 25, "First-Time
 * Wizard: Optional 2FA Setup": set up an authenticator now, or skip). It renders nothing until
 * the server offers the 2FA endpoints; the setup page already places it before "Go to dashboard".
 */
export function TwoFactorSetupStep() {
  return null;
}
