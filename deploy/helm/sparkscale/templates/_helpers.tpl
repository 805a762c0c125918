{{/* Chart name, overridable. */}}
{{- define "sparkscale.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart, unless the release name already contains the chart name. */}}
{{- define "sparkscale.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sparkscale.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sparkscale.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sparkscale.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sparkscale.labels" -}}
helm.sh/chart: {{ include "sparkscale.chart" . }}
{{ include "sparkscale.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sparkscale.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sparkscale.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Where KEDA dials the scaler: this chart's Service unless overridden. */}}
{{- define "sparkscale.scalerAddress" -}}
{{- if .Values.scaledObject.scalerAddress }}
{{- .Values.scaledObject.scalerAddress }}
{{- else }}
{{- printf "%s.%s.svc:%d" (include "sparkscale.fullname" .) .Release.Namespace (int .Values.serve.port) }}
{{- end }}
{{- end }}
