/**
 * A push target and its client, shared by `edusync push` and the push stage of `edusync run`:
 * where to send, which fields may go, and the credentials — always from the environment (a token
 * named by `tokenEnv`, or the client-credentials pair), never from flags or the config file.
 */
import { ConfigError } from '../errors.js';
import type { TargetConfig } from '../config/schema.js';
import { CsdlClient } from './client.js';
import type { RetryPolicy } from './retry.js';

export interface PushTarget {
  name: string;
  url: string;
  fields?: string[] | undefined;
  clientIdEnv: string;
  clientSecretEnv: string;
  /** A pre-issued bearer token instead of the client-credentials grant (the gateway issued it). */
  tokenEnv?: string | undefined;
}

export function pushTarget(chosen: TargetConfig | undefined, url: string): PushTarget {
  return {
    name: chosen?.name ?? url,
    url,
    fields: chosen?.fields,
    clientIdEnv: chosen?.clientIdEnv ?? 'EDUSYNC_PUSH_CLIENT_ID',
    clientSecretEnv: chosen?.clientSecretEnv ?? 'EDUSYNC_PUSH_CLIENT_SECRET',
    tokenEnv: chosen?.tokenEnv,
  };
}

export interface ConnectOptions {
  env: NodeJS.ProcessEnv;
  /** `--client-id` of the push command (the id is not a secret); else the target's variable. */
  clientId?: string | undefined;
  timeoutMs: number;
  policy: RetryPolicy;
  onRetry?: (info: { reason: string; delayMs: number; attempt: number }) => void;
}

/** The client for a target; a missing token or credential is a ConfigError naming the variable. */
export function connect(target: PushTarget, o: ConnectOptions): CsdlClient {
  const staticToken = target.tokenEnv === undefined ? undefined : o.env[target.tokenEnv];
  if (target.tokenEnv !== undefined && !staticToken) {
    throw new ConfigError({
      vi: `Thiếu mã truy cập: điểm nhận "${target.name}" lấy mã từ biến môi trường $${target.tokenEnv}, nhưng biến này chưa được đặt.`,
      en: `Missing token: target "${target.name}" takes its token from $${target.tokenEnv}, which is not set.`,
    });
  }
  const clientId = staticToken ? '' : (o.clientId ?? o.env[target.clientIdEnv]);
  const secret = staticToken ? '' : o.env[target.clientSecretEnv];
  if (!staticToken && (!clientId || !secret)) {
    throw new ConfigError({
      vi: `Thiếu thông tin xác thực: cần client_id (--client-id hoặc $${target.clientIdEnv}) và khoá bí mật trong $${target.clientSecretEnv} (không bao giờ nhận khoá trên dòng lệnh).`,
      en: `Missing credentials: need a client id (--client-id or $${target.clientIdEnv}) and the secret in $${target.clientSecretEnv} (a secret is never taken on the command line).`,
    });
  }
  return new CsdlClient({
    baseUrl: target.url,
    clientId: clientId ?? '',
    clientSecret: secret ?? '',
    staticToken: staticToken ? { value: staticToken, env: target.tokenEnv ?? '' } : undefined,
    timeoutMs: o.timeoutMs,
    policy: o.policy,
    userAgent: 'edusync/0.1',
    ...(o.onRetry ? { onRetry: o.onRetry } : {}),
  });
}
