from django.http import HttpResponse


def beranda(request):
    return HttpResponse("Selenggara")
