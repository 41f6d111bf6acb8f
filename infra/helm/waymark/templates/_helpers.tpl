{{/* Names: <release>-waymark-<component>, or <release>-<component> when the release name says waymark already. */}}
{{- define "waymark.fullname" -}}
{{- if contains "waymark" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-waymark" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "waymark.name" -}}
{{- printf "%s-%s" (include "waymark.fullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "waymark.selectorLabels" -}}
app.kubernetes.io/name: waymark
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "waymark.labels" -}}
{{ include "waymark.selectorLabels" . }}
app.kubernetes.io/part-of: waymark
app.kubernetes.io/version: {{ (index . 0).Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ (index . 0).Release.Service }}
helm.sh/chart: {{ printf "%s-%s" (index . 0).Chart.Name (index . 0).Chart.Version }}
{{- end -}}

{{- define "waymark.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s/%s:%s" $root.Values.image.repository (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{/* Pods run as the images' non-root user (uid 1000), with the runtime's default seccomp profile. */}}
{{- define "waymark.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "waymark.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
{{- end -}}

{{- define "waymark.secretEnv" -}}
{{- $secret := index . 1 -}}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "%s: name an existing Secret" (index . 2)) $secret.name }}
      key: {{ index . 3 }}
{{- end -}}

{{/*
Environment of a Waymark container: (root, app, needs). needs lists what it connects to: temporal, kafka, apiDatabase,
measuresDatabase, pilotDatabase, payloadKeys, timeZone, consumerGroup.
*/}}
{{- define "waymark.env" -}}
{{- $root := index . 0 -}}
{{- $needs := index . 2 -}}
{{- $secrets := $root.Values.secrets -}}
{{- if has "temporal" $needs }}
- name: TEMPORAL_ADDRESS
  value: {{ required "temporal.address: the Temporal frontend's host:port" $root.Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ $root.Values.temporal.namespace | quote }}
{{- end }}
{{- if has "kafka" $needs }}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers: the Kafka bootstrap host:port list" $root.Values.kafka.brokers | quote }}
{{- include "waymark.kafkaSecurityEnv" (list $root (index . 1)) }}
{{- end }}
{{- if has "apiDatabase" $needs }}
{{ include "waymark.secretEnv" (list "DATABASE_URL" $secrets.apiDatabase "secrets.apiDatabase.name" $secrets.apiDatabase.key) }}
{{- end }}
{{- if has "measuresDatabase" $needs }}
{{ include "waymark.secretEnv" (list "DATABASE_URL" $secrets.measuresDatabase "secrets.measuresDatabase.name" $secrets.measuresDatabase.key) }}
{{- end }}
{{- if has "pilotDatabase" $needs }}
{{ include "waymark.secretEnv" (list "DATABASE_URL" $secrets.pilotDatabase "secrets.pilotDatabase.name" $secrets.pilotDatabase.key) }}
{{- end }}
{{- if has "payloadKeys" $needs }}
{{ include "waymark.secretEnv" (list "WAYMARK_PAYLOAD_KEYS" $secrets.payloadKeys "secrets.payloadKeys.name" $secrets.payloadKeys.keysKey) }}
{{ include "waymark.secretEnv" (list "WAYMARK_PAYLOAD_ACTIVE_KEY" $secrets.payloadKeys "secrets.payloadKeys.name" $secrets.payloadKeys.activeKeyKey) }}
{{- end }}
{{- if has "timeZone" $needs }}
- name: MEASURES_TIME_ZONE
  value: {{ $root.Values.measures.timeZone | quote }}
{{- end }}
{{- if has "consumerGroup" $needs }}
- name: MEASURES_CONSUMER_GROUP
  value: {{ $root.Values.measures.consumerGroup | quote }}
{{- end }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Kafka TLS and SASL variables of an app: (root, app). docs/operations.md, "Secure connections". */}}
{{- define "waymark.kafkaSecurityEnv" -}}
{{- $kafka := (index . 0).Values.kafka -}}
{{- $app := index . 1 -}}
{{- if $kafka.tls.enabled }}
- name: KAFKA_SSL
  value: "true"
{{- if $kafka.tls.caSecret.name }}
- name: KAFKA_SSL_CA_FILE
  value: {{ printf "/etc/waymark/kafka-ca/%s" $kafka.tls.caSecret.key | quote }}
{{- end }}
{{- end }}
{{- if $kafka.sasl.mechanism }}
{{- $user := get $kafka.sasl.users $app }}
{{- $where := printf "kafka.sasl.users.%s" $app }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ required (printf "%s.username: %s's Kafka user" $where $app) (dig "username" "" $user) | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "%s.secret: the Secret with %s's Kafka password" $where $app) (dig "secret" "" $user) }}
      key: {{ dig "key" "password" $user }}
{{- end }}
{{- end -}}

{{/* Tracing variables of a service: (root, app). Nothing when otel.endpoint is empty (tracing off). */}}
{{- define "waymark.otelEnv" -}}
{{- $otel := (index . 0).Values.otel -}}
{{- $app := index . 1 -}}
{{- if $otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $otel.endpoint | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ get $otel.serviceNames $app | default $app | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ $otel.sampler.name | quote }}
{{- if $otel.sampler.ratio }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $otel.sampler.ratio | quote }}
{{- end }}
{{- if $otel.headersSecret.name }}
- name: OTEL_EXPORTER_OTLP_HEADERS
  valueFrom:
    secretKeyRef:
      name: {{ $otel.headersSecret.name }}
      key: {{ $otel.headersSecret.key }}
{{- end }}
{{- end }}
{{- end -}}

{{/* What each app connects to (see waymark.env). */}}
{{- define "waymark.needs" -}}
{{- $needs := dict
  "journey-api" (list "temporal" "apiDatabase" "payloadKeys")
  "journey-worker" (list "temporal" "kafka" "payloadKeys")
  "measures-service" (list "kafka" "measuresDatabase" "timeZone" "consumerGroup")
  "dashboard" (list "measuresDatabase" "timeZone")
-}}
{{- toJson (get $needs .) -}}
{{- end -}}

{{- define "waymark.volumes" -}}
# Node and its libraries write only temporary files; the root file system is read-only.
- name: tmp
  emptyDir: { sizeLimit: 64Mi }
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret: { secretName: {{ .Values.kafka.tls.caSecret.name }}, defaultMode: 0444 }
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "waymark.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/waymark/kafka-ca
  readOnly: true
{{- end }}
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "waymark.podSpecCommon" -}}
serviceAccountName: {{ include "waymark.fullname" . }}
automountServiceAccountToken: false
securityContext:
  {{- include "waymark.podSecurityContext" . | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- /* ops-cli container: (root, name, args, needs). */ -}}
{{- define "waymark.opsContainer" -}}
{{- $root := index . 0 -}}
- name: {{ index . 1 }}
  image: {{ include "waymark.image" (list $root "ops-cli") }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  args: {{ toJson (index . 2) }}
  securityContext:
    {{- include "waymark.containerSecurityContext" $root | nindent 4 }}
  env:
    {{- include "waymark.env" (list $root "ops-cli" (index . 3)) | nindent 4 }}
  {{- with $root.Values.extraEnvFrom }}
  envFrom:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  resources:
    {{- toYaml $root.Values.jobs.resources | nindent 4 }}
  volumeMounts:
    {{- include "waymark.volumeMounts" $root | nindent 4 }}
{{- end -}}

{{- define "waymark.opsPodSpec" -}}
{{- include "waymark.podSpecCommon" (index . 0) }}
{{- with index . 1 }}
initContainers:
  {{- . | nindent 2 }}
{{- end }}
containers:
  {{- index . 2 | nindent 2 }}
volumes:
  {{- include "waymark.volumes" (index . 0) | nindent 2 }}
{{- end -}}
