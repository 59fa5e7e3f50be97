from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwacht.municipality.chathistory.chat_export import MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    export = forms.FileField(
        label=_("Chatexport van WhatsApp (.txt of .zip)"),
        help_text=_("In WhatsApp: open de groep, tik op de naam, kies 'Chat exporteren' en 'Zonder media'. "
                    "Hoogstens 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.zip,text/plain,application/zip"}),
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Dit bestand is te groot: de grens is 20 MB."))
        return upload
